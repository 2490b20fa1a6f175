using Vaina.Config;
using Vaina.Images.References;

namespace Vaina.Images.Policy;

/// <summary>
/// Applies Vaina.Config's parsed policy.json before a pull, with the same decisions as <see cref="SignaturePolicy"/>:
/// accept, reject, or refuse signature requirements that vaina cannot verify.
/// </summary>
public static class ConfigPolicyChecker
{
    public static void CheckAllowed(Vaina.Config.SignaturePolicy policy, ImageReference reference)
    {
        var display = $"docker://{reference}";
        var requirements = policy.RequirementsForDocker(reference.ToString());
        if (requirements.Count == 0)
        {
            throw new VainaException($"Source image rejected: policy has an empty requirement list for {display}");
        }

        foreach (var requirement in requirements)
        {
            switch (requirement.Type)
            {
                case PolicyRequirement.InsecureAcceptAnything:
                    break;
                case PolicyRequirement.Reject:
                    throw new VainaException($"Source image rejected: Running image {display} is rejected by policy.");
                case PolicyRequirement.SignedBy or PolicyRequirement.SigstoreSigned or PolicyRequirement.SignedBaseLayer:
                    throw new VainaException($"Source image rejected: policy requires signature verification ({requirement.Type}) for {display}, which vaina does not implement; refusing rather than ignoring it");
                default:
                    throw new VainaException($"invalid policy: Unknown policy requirement type \"{requirement.Type}\"");
            }
        }
    }
}
