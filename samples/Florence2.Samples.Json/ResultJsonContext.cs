using System.Text.Json;
using System.Text.Json.Serialization;

namespace Florence2.Samples.Json;

/// <summary>Source-generated serialisation of the result contract: camelCase names, no reflection, nulls written as null.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ResultEnvelope))]
public sealed partial class ResultJsonContext : JsonSerializerContext;
