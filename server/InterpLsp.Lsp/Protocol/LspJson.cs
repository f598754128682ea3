using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace InterpLsp.Lsp.Protocol;

/// <summary>The JSON conventions of the wire: camelCase names, nulls omitted.</summary>
public static class LspJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        NullValueHandling = NullValueHandling.Ignore,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    public static void Apply(JsonSerializer s)
    {
        s.ContractResolver = Settings.ContractResolver;
        s.NullValueHandling = Settings.NullValueHandling;
        s.MissingMemberHandling = Settings.MissingMemberHandling;
    }
}
