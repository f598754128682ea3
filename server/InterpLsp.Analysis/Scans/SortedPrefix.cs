namespace InterpLsp.Analysis.Scans;

/// <summary>A sorted list that keeps only its first n items: the one insert behind the top k
/// (<see cref="TopExamples"/>) and the bottom m (<see cref="BottomSample"/>).</summary>
internal static class SortedPrefix
{
    /// <summary>Puts <paramref name="item"/> in its place in <paramref name="list"/> (sorted by <paramref name="order"/>)
    /// unless an equal item is there already or its place is past the first <paramref name="size"/>; what then falls
    /// past them is dropped.</summary>
    public static void Insert<T>(List<T> list, T item, IComparer<T> order, int size)
    {
        if (size == 0) return;
        int at = list.BinarySearch(item, order);
        if (at >= 0) return; // the same item twice
        at = ~at;
        if (at >= size) return;
        list.Insert(at, item);
        if (list.Count > size) list.RemoveAt(list.Count - 1);
    }
}
