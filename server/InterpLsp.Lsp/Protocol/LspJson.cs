using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace InterpLsp.Lsp.Protocol;

/// <summary>The JSON conventions of the wire: one casing, camelCase (also for types whose files are snake_case, such as
/// the explanation results: the same words, <see cref="Name(string)"/>), dictionary keys as they are, nulls omitted.</summary>
public static class LspJson
{
    private static readonly IContractResolver Names = new WireNames();

    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = Names,
        NullValueHandling = NullValueHandling.Ignore,
        MissingMemberHandling = MissingMemberHandling.Ignore,
        // a list the wire sends replaces a type's default list (ExplanationRules.Thresholds) instead of being appended to it
        ObjectCreationHandling = ObjectCreationHandling.Replace,
    };

    public static void Apply(JsonSerializer s)
    {
        s.ContractResolver = Names;
        s.NullValueHandling = Settings.NullValueHandling;
        s.MissingMemberHandling = Settings.MissingMemberHandling;
        s.ObjectCreationHandling = Settings.ObjectCreationHandling;
    }

    /// <summary>The wire name of a property: its JSON name (the <c>[JsonProperty]</c> name, else the C# name in
    /// camelCase), with a snake_case name written in camelCase (<c>direction_hash</c> is <c>directionHash</c>).</summary>
    public static string Name(MemberInfo member) =>
        Name(member.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName ?? Camel.GetPropertyName(member.Name, hasSpecifiedName: false));

    /// <summary>A JSON name in camelCase: each <c>_</c> dropped and the letter after it capitalised.</summary>
    public static string Name(string jsonName)
    {
        if (!jsonName.Contains('_')) return jsonName;
        var parts = jsonName.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? jsonName : parts[0] + string.Concat(parts.Skip(1).Select(x => char.ToUpperInvariant(x[0]) + x[1..]));
    }

    private static readonly CamelCaseNamingStrategy Camel = new();

    /// <summary>Names every property by <see cref="Name(MemberInfo)"/>.</summary>
    private sealed class WireNames : DefaultContractResolver
    {
        public WireNames() => NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false };

        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if (property.PropertyName is { } n) property.PropertyName = Name(n);
            return property;
        }

        protected override IList<JsonProperty> CreateConstructorParameters(ConstructorInfo constructor, JsonPropertyCollection memberProperties)
        {
            var parameters = base.CreateConstructorParameters(constructor, memberProperties);
            foreach (var p in parameters) if (p.PropertyName is { } n) p.PropertyName = Name(n);
            return parameters;
        }
    }
}
