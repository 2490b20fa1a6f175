using System.Globalization;
using Vaina.Runtime.Spec;

namespace Vaina.Runtime;

/// <summary>
/// --device-cgroup-rule 'TYPE MAJOR:MINOR ACCESS' (a|b|c, numbers or *, letters of rwm), read with Podman's rules
/// and words; the rule becomes an allow entry of the spec's linux.resources.devices.
/// </summary>
public static class DeviceCgroupRules
{
    public static (string Text, SpecDeviceCgroup Rule) Parse(string text)
    {
        string[] parts = text.Split(' ');
        if (parts.Length != 3)
        {
            throw new VainaException($"invalid device cgroup rule requires type, major:Minor, and access rules: \"{text}\"");
        }

        string type = parts[0];
        if (type is not ("a" or "b" or "c"))
        {
            throw new VainaException($"invalid device type in device-access-add: {type}");
        }

        string[] numbers = parts[1].Split(':', 2);
        long? major = Number(numbers[0]);
        long? minor = numbers.Length > 1 ? Number(numbers[1]) : null;
        foreach (char c in parts[2])
        {
            if (c is not ('r' or 'w' or 'm'))
            {
                throw new VainaException($"invalid device access in device-access-add: {c}");
            }
        }

        return (text, new SpecDeviceCgroup { Allow = true, Type = type, Major = major, Minor = minor, Access = parts[2] });
    }

    private static long? Number(string text)
    {
        if (text == "*")
        {
            return null;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            string reason = text.Length > 0 && text.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
            throw new VainaException($"strconv.ParseUint: parsing \"{text}\": {reason}");
        }

        return unchecked((long)value);
    }
}
