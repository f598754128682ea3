using Microsoft.Data.Sqlite;

namespace InterpLsp.Library.Storage;

/// <summary>Turns SQLite's failures into one line naming the database file and the problem.</summary>
public static class SqliteErrors
{
    public static LibraryException Describe(string databasePath, SqliteException e, TimeSpan busyTimeout) =>
        new($"{databasePath}: {Problem(e, busyTimeout)}", e);

    public static string Problem(SqliteException e, TimeSpan busyTimeout) => (e.SqliteErrorCode & 0xFF) switch
    {
        5 or 6 => $"the database is locked by another process (waited {busyTimeout.TotalSeconds:0.#} s); nothing was changed",
        26 => "is not a SQLite database (file is not a database); it was left as it is",
        11 => "the database is corrupt (database disk image is malformed); it was left as it is",
        13 => "the disk is full; nothing was changed",
        8 => "the database is read-only",
        14 => "cannot open the database file",
        10 => "disk I/O error",
        _ => $"SQLite error {e.SqliteErrorCode}: {e.Message}",
    };
}
