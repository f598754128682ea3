using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library;

/// <summary>The direction library cannot do what was asked: its database is locked, corrupt or from a newer
/// version, a name is unknown or taken, a vector file is damaged. <see cref="Exception.Message"/> is one line that
/// names the file (or the name) and the problem.</summary>
public sealed class LibraryException : Exception
{
    public LibraryException(string message, Exception? inner = null) : base(Echo.Message(message), inner) { }
}
