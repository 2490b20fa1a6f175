namespace Vaina.Engine.Containers;

/// <summary>Names like Podman's (adjective_surname) for containers created without --name.</summary>
public static class ContainerNameGenerator
{
    private static readonly string[] Adjectives =
    [
        "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful", "blissful",
        "bold", "boring", "brave", "busy", "charming", "clever", "compassionate", "competent", "condescending",
        "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic",
        "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant", "focused",
        "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore",
        "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial",
        "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty",
        "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive",
        "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad",
        "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender",
        "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
        "xenodochial", "youthful", "zealous", "zen",
    ];

    private static readonly string[] Surnames =
    [
        "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin", "babbage",
        "banach", "bardeen", "bartik", "bassi", "bell", "bhabha", "bhaskara", "blackwell", "bohr", "booth", "borg",
        "bose", "boyd", "brahmagupta", "brattain", "brown", "carson", "cartwright", "cerf", "chandrasekhar",
        "chatelet", "chaum", "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci", "dijkstra",
        "dubinsky", "easley", "edison", "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat",
        "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goodall", "hamilton",
        "hawking", "heisenberg", "hermann", "hodgkin", "hoover", "hopper", "hugle", "hypatia", "jackson", "jang",
        "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "keller", "kepler", "khorana",
        "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg",
        "lehmann", "lewin", "lichterman", "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto",
        "maxwell", "mayer", "mccarthy", "mcclintock", "meitner", "mendel", "merkle", "minsky", "mirzakhani",
        "montalcini", "moore", "morse", "moser", "napier", "nash", "neumann", "newton", "nightingale", "nobel",
        "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne", "perlman", "pike",
        "poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "robinson", "roentgen",
        "rosalind", "rubin", "saha", "sammet", "sanderson", "shannon", "shaw", "shirley", "shockley", "sinoussi",
        "snyder", "solomon", "spence", "stonebraker", "sutherland", "swanson", "swartz", "swirles", "taussig",
        "tesla", "tharp", "thompson", "torvalds", "turing", "varahamihira", "villani", "visvesvaraya", "volhard",
        "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright", "wu", "yalow", "yonath", "zhukovsky",
    ];

    /// <summary>A random name that <paramref name="taken"/> does not reject (a digit is appended after many collisions).</summary>
    public static string Generate(Func<string, bool> taken)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}_{Surnames[Random.Shared.Next(Surnames.Length)]}";
            if (attempt > 10)
            {
                name += Random.Shared.Next(10).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!taken(name))
            {
                return name;
            }
        }
    }
}
