namespace InterpLsp.Library.Storage;

/// <summary>The library database's schema as ordered migrations: migration i (1-based) takes a database at
/// <c>PRAGMA user_version</c> i-1 to i. Never edit a released migration; append a new one.</summary>
public static class Schema
{
    /// <summary>The DDL of each version, in order. Version 1: directions. Version 2: tags and scans.
    /// Version 3: the declared model and an SAE feature's encoder scalars (its arrays live in the vector file).
    /// Version 4: probe datasets and their examples. Version 5: explanations (keyed, like scans, by the direction's
    /// content hash; the scan they came from is kept as its id). Version 6: the vector files this database itself wrote
    /// (the sweep removes only those, never a file another database or a lost database wrote); an upgraded database
    /// owns the files its rows reference.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE directions(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            hook TEXT,
            model_id TEXT,
            width INTEGER NOT NULL,
            kind TEXT NOT NULL,
            bias REAL NOT NULL DEFAULT 0,
            scale REAL NOT NULL DEFAULT 1,
            neuron_index INTEGER,
            source TEXT NOT NULL DEFAULT '',
            made_by TEXT NOT NULL DEFAULT '{}',
            created_utc TEXT NOT NULL,
            hash TEXT NOT NULL);
        CREATE INDEX directions_hash ON directions(hash);
        """,
        """
        CREATE TABLE tags(
            direction_id INTEGER NOT NULL REFERENCES directions(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY(direction_id, tag));
        CREATE TABLE scans(
            id INTEGER PRIMARY KEY,
            direction_hash TEXT NOT NULL,
            corpus_id TEXT NOT NULL,
            corpus_hash TEXT NOT NULL,
            hook TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            result_json TEXT,
            result_path TEXT,
            CHECK (result_json IS NOT NULL OR result_path IS NOT NULL));
        CREATE INDEX scans_lookup ON scans(direction_hash, corpus_hash, hook, id);
        """,
        """
        ALTER TABLE directions ADD COLUMN declared_model TEXT;
        ALTER TABLE directions ADD COLUMN sae_architecture TEXT;
        ALTER TABLE directions ADD COLUMN sae_feature INTEGER;
        ALTER TABLE directions ADD COLUMN sae_encoder_bias REAL;
        ALTER TABLE directions ADD COLUMN sae_threshold REAL;
        ALTER TABLE directions ADD COLUMN sae_top_k INTEGER;
        ALTER TABLE directions ADD COLUMN sae_normalization TEXT;
        """,
        """
        CREATE TABLE datasets(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            hook TEXT,
            created_utc TEXT NOT NULL,
            data_hash TEXT NOT NULL);
        CREATE TABLE examples(
            id INTEGER PRIMARY KEY,
            dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            label INTEGER NOT NULL,
            span_start INTEGER,
            span_end INTEGER,
            source TEXT);
        CREATE INDEX examples_dataset ON examples(dataset_id);
        """,
        """
        CREATE TABLE explanations(
            id INTEGER PRIMARY KEY,
            direction_hash TEXT NOT NULL,
            scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
            corpus_hash TEXT NOT NULL,
            hook TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            result_json TEXT NOT NULL);
        CREATE INDEX explanations_lookup ON explanations(direction_hash, corpus_hash, id);
        """,
        """
        CREATE TABLE vector_files(
            hash TEXT PRIMARY KEY,
            written_utc TEXT NOT NULL);
        INSERT OR IGNORE INTO vector_files(hash, written_utc)
            SELECT DISTINCT hash, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM directions;
        """,
    ];

    /// <summary>The version this build writes (the number of migrations).</summary>
    public static int Latest => Migrations.Count;

    /// <summary>The oldest version a read-only library can be read at (the directions' columns of version 3..5 are
    /// all there; version 6 only adds the ownership of vector files, which reading never needs).</summary>
    public const int ReadableFrom = 5;
}
