namespace InterpLsp.Analysis.Scheduling;

/// <summary>The scheduler's priority classes, first served first: the document the user sees, a document a
/// request waits for (e.g. a hover), the other open documents, then background work (corpus scans).</summary>
public enum WorkClass { Visible, Requested, Open, Background }
