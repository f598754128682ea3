using System.Globalization;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library;

// The directions table's rows and the SQL helpers behind the library's API.
public sealed partial class DirectionLibrary
{
    // ---- rows -----------------------------------------------------------------------------------------------

    private sealed record Row(string Name, string? Hook, string? ModelId, string? DeclaredModel, int Width, DirectionKind Kind,
        float Bias, float Scale, int? Neuron, string Source, string Hash,
        string? SaeArchitecture, int? SaeFeature, float SaeEncoderBias, float SaeThreshold, int SaeTopK, string? SaeNormalization);

    private Row? LoadRow(string name)
    {
        using var cmd = Command("""
            SELECT name, hook, model_id, declared_model, width, kind, bias, scale, neuron_index, source, hash,
                sae_architecture, sae_feature, sae_encoder_bias, sae_threshold, sae_top_k, sae_normalization
            FROM directions WHERE name = $n
            """, null, ("$n", name));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new Row(r.GetString(0), S(1), S(2), S(3), r.GetInt32(4), ParseKind(r.GetString(5)), (float)r.GetDouble(6), (float)r.GetDouble(7),
            r.IsDBNull(8) ? null : r.GetInt32(8), r.GetString(9), r.GetString(10),
            S(11), r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? 0 : (float)r.GetDouble(13), r.IsDBNull(14) ? 0 : (float)r.GetDouble(14),
            r.IsDBNull(15) ? 0 : r.GetInt32(15), S(16));
    }

    private Direction Materialize(Row row)
    {
        var path = VectorPath(row.Hash);
        if (!File.Exists(path))
            throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' is missing");
        Dictionary<string, float[]> t;
        IReadOnlyDictionary<string, string> meta;
        try { (t, meta) = VectorFile.ReadWithMetadata(path); }
        catch (DirectionLoadException e) { throw new LibraryException($"the vector file of '{Echo.Input(row.Name)}' is damaged: {e.Message}", e); }
        float[] Need(string tensor) => t.GetValueOrDefault(tensor)
            ?? throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' has no tensor '{tensor}'");
        SaeEncoder? sae = row.SaeArchitecture is null ? null : new SaeEncoder(row.SaeArchitecture, row.SaeFeature ?? 0, Need(VectorFile.EncoderRow),
            row.SaeEncoderBias, t.GetValueOrDefault(VectorFile.InputBias), row.SaeThreshold, row.SaeTopK, row.SaeNormalization ?? "none",
            t.GetValueOrDefault(VectorFile.AllEncoder), t.GetValueOrDefault(VectorFile.AllEncoderBias),
            meta.GetValueOrDefault(VectorFile.InputKey) == "centered" ? ResidualConvention.Centered : ResidualConvention.Raw,
            meta.GetValueOrDefault(VectorFile.UnitsKey) == "folded");
        var d = new Direction(IdPrefix + row.Name, row.Name, row.Hook, Need(VectorFile.VectorTensor), row.Kind, row.Bias, row.Scale, row.Source, row.Neuron)
        {
            ModelId = row.ModelId,
            DeclaredModel = row.DeclaredModel,
            Sae = sae,
        };
        if (d.Hash != row.Hash)
            throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' does not match its stored hash {row.Hash} (read {d.Hash})");
        return d;
    }

    private SqliteCommand InsertCommand(SqliteTransaction tx)
    {
        var cmd = Command("""
            INSERT INTO directions(name, hook, model_id, declared_model, width, kind, bias, scale, neuron_index, source, made_by, created_utc, hash,
                sae_architecture, sae_feature, sae_encoder_bias, sae_threshold, sae_top_k, sae_normalization)
            VALUES ($name, $hook, $model, $declared, $width, $kind, $bias, $scale, $neuron, $source, $made, $created, $hash,
                $arch, $feature, $ebias, $threshold, $topk, $norm);
            SELECT last_insert_rowid();
            """, tx);
        foreach (var p in new[] { "$name", "$hook", "$model", "$declared", "$width", "$kind", "$bias", "$scale", "$neuron", "$source", "$made",
                     "$created", "$hash", "$arch", "$feature", "$ebias", "$threshold", "$topk", "$norm" })
            cmd.Parameters.Add(new SqliteParameter(p, DBNull.Value));
        return cmd;
    }

    private static long Insert(SqliteCommand cmd, NewDirection item, string name)
    {
        var d = item.Direction;
        void Set(string p, object? v) => cmd.Parameters[p].Value = v ?? DBNull.Value;
        Set("$name", name); Set("$hook", d.Hook); Set("$model", d.ModelId); Set("$declared", d.DeclaredModel); Set("$width", d.Width);
        Set("$kind", d.Kind.ToString()); Set("$bias", (double)d.Bias); Set("$scale", (double)d.Scale); Set("$neuron", d.NeuronIndex);
        Set("$source", d.Source); Set("$made", JsonConvert.SerializeObject(item.MadeBy)); Set("$created", Now()); Set("$hash", d.Hash);
        Set("$arch", d.Sae?.Architecture); Set("$feature", d.Sae?.FeatureIndex); Set("$ebias", d.Sae is { } e1 ? (double)e1.EncoderBias : null);
        Set("$threshold", d.Sae is { } e2 ? (double)e2.Threshold : null); Set("$topk", d.Sae?.TopK); Set("$norm", d.Sae?.Normalization);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string UniqueName(string name, SqliteTransaction tx)
    {
        if (!Exists(name, tx)) return name;
        for (int k = 2; ; k++)
        {
            var candidate = $"{name}-{k}";
            if (!Exists(candidate, tx)) return candidate;
        }
    }

    private bool Exists(string name, SqliteTransaction? tx) => Scalar("SELECT 1 FROM directions WHERE name = $n", tx, ("$n", name)) is not null;

    private void AddTag(long id, string tag, SqliteTransaction tx) =>
        Exec("INSERT OR IGNORE INTO tags(direction_id, tag) VALUES ($id, $t)", tx, ("$id", id), ("$t", tag));

    private LibraryException NotFound(string name, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT name FROM directions", tx);
        using var r = cmd.ExecuteReader();
        var all = new List<string>();
        while (r.Read()) all.Add(r.GetString(0));
        return NotFoundMessage(name, all);
    }

    private LibraryException NotFoundOutside(string name) => NotFoundMessage(name, List().Select(e => e.Name).ToList());

    private LibraryException NotFoundMessage(string name, IReadOnlyList<string> all)
    {
        var similar = NameSuggestions.Closest(name, all, 5);
        return new LibraryException($"no direction named '{Echo.Input(name)}' in the library {Folder}" +
            (all.Count == 0 ? " (it is empty)" : similar.Count > 0 ? $"; similar: {string.Join(", ", similar)}" : $" ({all.Count} stored)"));
    }

    /// <summary>What a name may not start with: it would read as a neuron spec or a library id.</summary>
    public static readonly string[] ReservedNamePrefixes = ["neuron:", IdPrefix];

    /// <summary>A name must be one line of at most <see cref="MaxNameLength"/> characters, not a <c>neuron:</c> spec
    /// (the client checks the same rule, given to it through the protocol manifest's <c>rules</c>).</summary>
    public static string CheckName(string name)
    {
        var n = (name ?? "").Trim();
        if (n.Length == 0) throw new ArgumentException("a library name may not be empty");
        if (n.Length > MaxNameLength) throw new ArgumentException($"library name of {n.Length} characters is longer than {MaxNameLength}");
        if (n.Any(char.IsControl)) throw new ArgumentException($"library name '{Echo.Input(n)}' contains control characters");
        if (ReservedNamePrefixes.FirstOrDefault(p => n.StartsWith(p, StringComparison.Ordinal)) is not null)
            throw new ArgumentException($"library name '{Echo.Input(n)}' may not start with {string.Join(" or ", ReservedNamePrefixes.Select(p => $"'{p}'"))}");
        return n;
    }

    private static void CheckTag(string tag)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 100 || tag.Any(char.IsControl))
            throw new ArgumentException($"bad tag '{Echo.Input(tag ?? "")}': one line of 1 to 100 characters");
    }

    // ---- SQL helpers ----------------------------------------------------------------------------------------

    private T Write<T>(Func<SqliteTransaction, T> body)
    {
        RefuseWriteIfReadOnly();
        try
        {
            using var tx = _db.BeginTransaction(deferred: false);
            var result = body(tx);
            tx.Commit();
            return result;
        }
        catch (SqliteException e) { throw SqliteErrors.Describe(DatabasePath, e, BusyTimeout); }
    }

    private T Read<T>(Func<T> body)
    {
        try { return body(); }
        catch (SqliteException e) { throw SqliteErrors.Describe(DatabasePath, e, BusyTimeout); }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd;
    }

    private int Exec(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string s) =>
        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DirectionKind ParseKind(string s) => Enum.TryParse<DirectionKind>(s, out var k) ? k : DirectionKind.Projection;

    private static MadeBy ParseMadeBy(string json)
    {
        try { return JsonConvert.DeserializeObject<MadeBy>(json) is { Method: not null } m ? m : MadeBy.Unknown; }
        catch (JsonException) { return MadeBy.Unknown; }
    }
}
