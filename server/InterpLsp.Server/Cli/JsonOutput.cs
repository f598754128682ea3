using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace InterpLsp.Server.Cli;

/// <summary>JSON as the CLI prints it: camelCase, indented.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static void Print(object value) => Console.Out.WriteLine(JsonConvert.SerializeObject(value, Settings));
}
