using System.Globalization;

namespace InterpLsp.Library;

// The explanations table: candidate explanations of a direction, stored like its scans (by content hash).
public sealed partial class DirectionLibrary
{
    /// <summary>Stores an explanation of the direction with content hash <paramref name="directionHash"/>, computed on
    /// the corpus with hash <paramref name="corpusHash"/> at <paramref name="hook"/> from the evidence of scan
    /// <paramref name="scanId"/> (null: none stored); returns the explanation's id. Like scans, explanations are kept
    /// by content hash: deleting a direction's name leaves them, and the same vector stored again finds them.</summary>
    public long PutExplanation(string directionHash, long? scanId, string corpusHash, string hook, string resultJson)
    {
        if (string.IsNullOrEmpty(directionHash)) throw new ArgumentException("an explanation needs the direction's content hash");
        if (string.IsNullOrEmpty(corpusHash)) throw new ArgumentException("an explanation needs the corpus hash");
        if (string.IsNullOrEmpty(hook)) throw new ArgumentException("an explanation needs the hook it was computed at");
        if (string.IsNullOrEmpty(resultJson)) throw new ArgumentException("an explanation needs its result as JSON text");
        lock (_gate)
            return Write(tx =>
            {
                if (scanId is { } s && Scalar("SELECT 1 FROM scans WHERE id = $s", tx, ("$s", s)) is null)
                    throw new ArgumentException($"no scan with id {s} in the library {Folder}: the explanation was not stored");
                Exec("""
                    INSERT INTO explanations(direction_hash, scan_id, corpus_hash, hook, created_utc, result_json)
                    VALUES ($h, $s, $ch, $hook, $t, $j)
                    """, tx, ("$h", directionHash), ("$s", scanId), ("$ch", corpusHash), ("$hook", hook), ("$t", Now()), ("$j", resultJson));
                return Convert.ToInt64(Scalar("SELECT last_insert_rowid()", tx), CultureInfo.InvariantCulture);
            });
    }

    /// <summary>The most recent explanation of a direction (by library name, else taken as a content hash); null
    /// when there is none.</summary>
    public StoredExplanation? LatestExplanation(string nameOrHash) => LatestExplanation(nameOrHash, corpusHash: null);

    /// <summary>The most recent explanation of a direction computed on the corpus with hash
    /// <paramref name="corpusHash"/> (null: any corpus); null when there is none.</summary>
    public StoredExplanation? LatestExplanation(string nameOrHash, string? corpusHash)
    {
        lock (_gate)
            return Read(() =>
            {
                var hash = Scalar("SELECT hash FROM directions WHERE name = $n", null, ("$n", nameOrHash)) as string ?? nameOrHash;
                using var cmd = Command("""
                    SELECT id, direction_hash, scan_id, corpus_hash, hook, created_utc, result_json FROM explanations
                    WHERE direction_hash = $h AND ($c IS NULL OR corpus_hash = $c)
                    ORDER BY id DESC LIMIT 1
                    """, null, ("$h", hash), ("$c", corpusHash));
                using var r = cmd.ExecuteReader();
                if (!r.Read()) return null;
                return new StoredExplanation(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), r.GetString(4),
                    ParseTime(r.GetString(5)), r.GetString(6));
            });
    }
}
