using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaina.Engine.Containers;

namespace Vaina.Engine.Tests;

/// <summary>
/// Every command reads a container's stored config with the hand-written reader: it must give exactly what
/// System.Text.Json gives, and it must know every property (a property added to the config types and not to
/// the reader would make every read fall back to the slow path, which these tests catch).
/// </summary>
public sealed class ContainerConfigJsonTests
{
    [Fact]
    public void EveryPropertySetRoundTripsThroughTheHandReader()
    {
        var config = (ContainerConfig)Filled(typeof(ContainerConfig), "c");
        var stored = Serialize(config);

        var read = ContainerConfigJson.TryReadFast(stored);

        Assert.NotNull(read);
        Assert.Equal(stored, Serialize(read));
        // and nothing was left at its default by the filler (so the comparison covers every property)
        foreach (var name in SettableProperties(typeof(ContainerConfig)).Select(p => p.Name))
        {
            Assert.True(JsonNode.Parse(stored)!.AsObject().ContainsKey(name), name);
        }
    }

    [Fact]
    public void TheWriterWritesWhatTheMetadataContextWrites()
    {
        var filled = (ContainerConfig)Filled(typeof(ContainerConfig), "w");
        Assert.Equal(Serialize(filled), ContainerConfigJson.Write(filled));
        Assert.Equal(Serialize(new ContainerConfig()), ContainerConfigJson.Write(new ContainerConfig()));
    }

    [Fact]
    public void DefaultsAndEmptyObjectsRoundTrip()
    {
        var stored = Serialize(new ContainerConfig());
        Assert.Equal(stored, Serialize(ContainerConfigJson.TryReadFast(stored)!));
        Assert.Equal(stored, Serialize(ContainerConfigJson.TryReadFast("{}")!));
        AssertSameAsSystemTextJson("""{"Volumes":{},"UserNamespace":{},"Secrets":[{}]}""");
    }

    /// <summary>
    /// System.Text.Json gives a record's init-only properties missing from the JSON their type's default (null), not
    /// their initializer's value; the hand reader keeps the initializer's (stored configs always carry every
    /// property, so only a hand-made document can tell the difference).
    /// </summary>
    [Fact]
    public void MissingNetworkPropertiesKeepTheirDefaults()
    {
        var read = ContainerConfigJson.TryReadFast("""{"Network":{"Mode":"host"}}""")!;
        Assert.Equal("host", read.Network.Mode);
        Assert.Empty(read.Network.Networks);
        Assert.Empty(read.Network.Dns);
    }

    /// <summary>JSON null for each property of a stored config: the reader assigns what System.Text.Json assigns (or defers to it).</summary>
    [Fact]
    public void NullValuesReadAsSystemTextJsonReadsThem()
    {
        var filled = (ContainerConfig)Filled(typeof(ContainerConfig), "n");
        foreach (var (type, path) in new[] { (typeof(ContainerConfig), ""), (typeof(Networks.ContainerNetworkSpec), "Network"), (typeof(Volumes.ContainerMountSpec), "Volumes"), (typeof(ContainerUserNamespace), "UserNamespace") })
        {
            foreach (var property in SettableProperties(type))
            {
                var document = JsonNode.Parse(Serialize(filled))!.AsObject();
                var target = path.Length == 0 ? document : document[path]!.AsObject();
                target[property.Name] = null;
                AssertSameAsSystemTextJson(document.ToJsonString());
            }
        }

        AssertSameAsSystemTextJson("""{"Secrets":[null,{"Name":null,"Uid":7}],"UserNamespace":{"UidMap":[null,{"HostId":1}]}}""");
        AssertSameAsSystemTextJson("""{"Labels":{"a":null,"b":"x","b":"y"},"Env":["A=1",null],"Command":[]}""");
    }

    [Theory]
    [InlineData("""{"NotAProperty":1,"Tty":true}""")]
    [InlineData("""{"Network":{"Mode":"host","Other":[1,2]}}""")]
    [InlineData("""{"Tty":"yes"}""")]
    [InlineData("""{"BlkioWeight":70000}""")]
    [InlineData("""{"StopTimeout":-1}""")]
    [InlineData("""{"Env":"A=1"}""")]
    [InlineData("""{"Labels":["a"]}""")]
    [InlineData("""{"User":5}""")]
    [InlineData("""{"command":["x"]}""")]
    [InlineData("null")]
    [InlineData("[]")]
    public void WhatTheReaderDoesNotKnowGoesToSystemTextJson(string json)
    {
        Assert.Null(ContainerConfigJson.TryReadFast(json));
        AssertSameAsSystemTextJson(json);
    }

    [Fact]
    public void EscapedNamesAndValuesAreUnescaped()
    {
        const string json = """{"\u0054ty":true,"Env":["A=\u00e9\n\"q\""],"Labels":{"k\u002f1":"v\t"},"Cpus":1.5,"CpuShares":18446744073709551615}""";
        var read = ContainerConfigJson.TryReadFast(json);
        Assert.NotNull(read);
        Assert.True(read.Tty);
        Assert.Equal(["A=é\n\"q\""], read.Env);
        Assert.Equal("v\t", read.Labels["k/1"]);
        Assert.Equal(1.5, read.Cpus);
        Assert.Equal(ulong.MaxValue, read.CpuShares);
        AssertSameAsSystemTextJson(json);
    }

    private static void AssertSameAsSystemTextJson(string json)
    {
        ContainerConfig expected;
        try
        {
            expected = JsonSerializer.Deserialize(json, ContainerJsonContext.Default.ContainerConfig) ?? new ContainerConfig();
        }
        catch (JsonException)
        {
            Assert.Throws<JsonException>(() => ContainerConfigJson.Read(json));
            return;
        }

        AssertSame(expected, ContainerConfigJson.Read(json), json);
    }

    /// <summary>Compares the settable properties (recursively), so configs with null lists can be compared too.</summary>
    private static void AssertSame(object? expected, object? actual, string where)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{where}: {expected ?? "null"} vs {actual ?? "null"}");
            return;
        }

        var type = expected.GetType();
        Assert.Equal(type, actual.GetType());
        if (type.IsPrimitive || expected is string)
        {
            Assert.True(Equals(expected, actual), $"{where}: {expected} vs {actual}");
        }
        else if (expected is IDictionary map)
        {
            var other = (IDictionary)actual;
            Assert.Equal(map.Count, other.Count);
            foreach (DictionaryEntry entry in map)
            {
                AssertSame(entry.Value, other[entry.Key], $"{where}[{entry.Key}]");
            }
        }
        else if (expected is IEnumerable list)
        {
            var a = list.Cast<object?>().ToList();
            var b = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.Equal(a.Count, b.Count);
            for (int i = 0; i < a.Count; i++)
            {
                AssertSame(a[i], b[i], $"{where}[{i}]");
            }
        }
        else
        {
            foreach (var property in SettableProperties(type))
            {
                AssertSame(property.GetValue(expected), property.GetValue(actual), $"{where}.{property.Name}");
            }
        }
    }

    private static string Serialize(ContainerConfig config) => JsonSerializer.Serialize(config, ContainerJsonContext.Default.ContainerConfig);

    private static IEnumerable<PropertyInfo> SettableProperties(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static int counter;

    /// <summary>An instance with every settable property set to a value that is not its default.</summary>
    private static object Filled(Type type, string tag)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in SettableProperties(type))
        {
            property.SetValue(instance, ValueFor(property.PropertyType, $"{tag}.{property.Name}", property.GetValue(instance)));
        }

        return instance;
    }

    private static object ValueFor(Type type, string tag, object? current)
    {
        var n = ++counter % 200 + 1;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return tag + "-\u00e9\"\\";
        }

        if (underlying == typeof(bool))
        {
            return current is true ? false : true;
        }

        if (underlying == typeof(double))
        {
            return n + 0.25;
        }

        if (underlying.IsPrimitive)
        {
            return Convert.ChangeType(n + 1, underlying, global::System.Globalization.CultureInfo.InvariantCulture);
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new Dictionary<string, string> { [tag + "/k1"] = "v1", [tag + "/k2"] = string.Empty };
        }

        if (typeof(IEnumerable).IsAssignableFrom(underlying) && underlying.IsGenericType)
        {
            var element = underlying.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(element == typeof(string) ? tag + "-1" : Filled(element, tag + "[0]"));
            list.Add(element == typeof(string) ? tag + "-2" : Filled(element, tag + "[1]"));
            return list;
        }

        return Filled(underlying, tag);
    }
}
