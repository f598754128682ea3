using System.Buffers;
using System.Runtime.CompilerServices;

namespace InterpLsp.Model.Tokenization;

/// <summary>
/// Hugging Face's <c>BertNormalizer {clean_text, handle_chinese_chars, strip_accents, lowercase}</c> and
/// <c>BertPreTokenizer</c>, in one pass that remembers where every normalised character came from.
/// </summary>
/// <remarks>
/// <para>Behaviour per code point comes from <see cref="BertCharTable"/>. What is not per code point:</para>
/// <list type="bullet">
/// <item>Canonical reordering. HF applies NFD to the whole (cleaned) string, so a run of combining marks is stably
/// sorted by combining class. Most marks are then stripped, but marks that survive (spacing marks with a non-zero
/// class such as U+1D165..U+1D172 or U+1B44, and nonspacing marks newer than Unicode 8.0) keep the sorted order:
/// "a" U+1D16D U+1D165 becomes "a" U+1D165 U+1D16D. HF's NFD is Unicode 9.0's, so marks added later are starters
/// to it and never move. Characters removed by clean_text are gone before NFD, so they do not interrupt a run;
/// stripped marks of class 0 (<see cref="CharAction.DropStarter"/>) do.</item>
/// <item>Lone surrogates. The Rust library cannot receive them at all (Tokenizers.DotNet throws "Invalid UTF-16
/// text string"); the lossy conversions (.NET's UTF-8 encoder, Rust's from_utf16_lossy) turn them into U+FFFD,
/// which clean_text removes. They are removed here too, and never throw.</item>
/// </list>
/// <para>Offsets: a normalised character maps to the whole original scalar value it came from (both units of a
/// surrogate pair; all jamo of a Hangul syllable; 'é' for the 'e' of its NFD). Characters that normalisation
/// removes are attached to the kept character right before them (unless whitespace or a special token intervenes),
/// so a stripped accent, a zero-width joiner or a variation selector is inside the token of the letter it follows.
/// When reordering moves marks across original characters, those characters are merged into one source range.</para>
/// </remarks>
internal static class BertNormalizer
{
    private const int HangulBase = 0xAC00, JamoL = 0x1100, JamoV = 0x1161, JamoT = 0x11A7;

    public static NormalizedText Normalize(string text, SpecialTokenMatcher? specials)
    {
        var r = new NormalizedText();
        var b = new Builder(r, text.Length);
        int n = text.Length;
        CharAction[] ascii = BertCharTable.AsciiAction;
        int i = 0;
        while (i < n)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if (c == '[' && specials is not null && specials.TryMatch(text, i, out int sid, out int slen))
                {
                    b.AddSpecial(sid, i, i + slen);
                    i += slen;
                    continue;
                }
                switch (ascii[c])
                {
                    case CharAction.Keep: b.AppendAscii(c, i); break;
                    case CharAction.MapKeep: b.AppendAscii((char)(c + 32), i); break;
                    case CharAction.Space: b.Space(); break;
                    case CharAction.Isolate: b.AppendIsolated(c, i, i + 1); break;
                    default: b.Drop(i + 1, breaksRun: ascii[c] == CharAction.DropStarter); break;
                }
                i++;
                continue;
            }

            int cp, len;
            if (char.IsHighSurrogate(c) && i + 1 < n && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(c, text[i + 1]);
                len = 2;
            }
            else if (char.IsSurrogate(c))
            {
                b.Drop(i + 1, breaksRun: false); // lone surrogate: as U+FFFD, removed by clean_text
                i++;
                continue;
            }
            else
            {
                cp = c;
                len = 1;
            }

            int start = i, end = i + len;
            switch (BertCharTable.Lookup(cp, out int value))
            {
                case CharAction.Keep:
                    b.Append(cp, start, end);
                    break;
                case CharAction.MapKeep:
                    b.Append(cp + value, start, end);
                    break;
                case CharAction.Isolate:
                    b.AppendIsolated(cp, start, end);
                    break;
                case CharAction.MapIsolate:
                    b.AppendIsolated(cp + value, start, end);
                    break;
                case CharAction.Space:
                    b.Space();
                    break;
                case CharAction.Drop:
                    b.Drop(end, breaksRun: false);
                    break;
                case CharAction.DropStarter:
                    b.Drop(end, breaksRun: true);
                    break;
                case CharAction.Hangul:
                {
                    int s = cp - HangulBase;
                    b.Append(JamoL + s / 588, start, end);
                    b.Append(JamoV + s % 588 / 28, start, end);
                    if (s % 28 != 0) b.Append(JamoT + s % 28, start, end);
                    break;
                }
                case CharAction.Expand:
                {
                    string e = BertCharTable.Expansions[value];
                    for (int k = 0; k < e.Length; k += char.IsHighSurrogate(e[k]) ? 2 : 1)
                        b.Append(char.ConvertToUtf32(e, k), start, end);
                    break;
                }
            }
            i = end;
        }
        b.EndWord();
        return r;
    }

    /// <summary>Appends to a <see cref="NormalizedText"/>, tracking words, attachment of removed characters and
    /// the current run of combining marks.</summary>
    private struct Builder
    {
        private readonly NormalizedText _r;
        private bool _inWord;
        private int _wordStart;
        /// <summary>First unit that canonical reordering may move a mark in front of.</summary>
        private int _runStart;
        /// <summary>Whether a removed character right now would attach to the last kept character.</summary>
        private bool _canAttach;

        public Builder(NormalizedText r, int textLength)
        {
            _r = r;
            int cap = Math.Max(16, textLength + 16);
            r.Chars = ArrayPool<char>.Shared.Rent(cap);
            r.SrcStart = ArrayPool<int>.Shared.Rent(cap);
            r.SrcEnd = ArrayPool<int>.Shared.Rent(cap);
            r.Words = ArrayPool<NormalizedText.Word>.Shared.Rent(Math.Max(16, textLength / 4));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AppendAscii(char c, int srcIndex)
        {
            var r = _r;
            if (r.Length == r.Chars.Length) Grow(1);
            if (!_inWord) StartWord();
            int p = r.Length++;
            r.Chars[p] = c;
            r.SrcStart[p] = srcIndex;
            r.SrcEnd[p] = srcIndex + 1;
            _runStart = r.Length; // ASCII characters are starters
            _canAttach = true;
        }

        /// <summary>Appends the normalised code point <paramref name="cp"/>, produced by the original character at
        /// [<paramref name="srcStart"/>, <paramref name="srcEnd"/>), to the current word.</summary>
        public void Append(int cp, int srcStart, int srcEnd)
        {
            if (!_inWord) StartWord();
            int p = Put(cp, srcStart, srcEnd);
            int rank = BertCharTable.CombiningRank(cp);
            if (rank == 0) _runStart = _r.Length;
            else Reorder(p, rank);
            _canAttach = true;
        }

        /// <summary>A punctuation character or CJK ideograph: a word of its own.</summary>
        public void AppendIsolated(int cp, int srcStart, int srcEnd)
        {
            EndWord();
            StartWord();
            Put(cp, srcStart, srcEnd);
            EndWord();
            _canAttach = true;
        }

        public void Space()
        {
            EndWord();
            _canAttach = false;
        }

        /// <summary>A character removed by normalisation, ending at <paramref name="srcEnd"/>.</summary>
        public void Drop(int srcEnd, bool breaksRun)
        {
            var r = _r;
            if (breaksRun) _runStart = r.Length;
            if (!_canAttach || r.Length == 0) return;
            // Extend every unit of the last kept source character (they share SrcStart).
            int s = r.SrcStart[r.Length - 1];
            for (int u = r.Length - 1; u >= 0 && r.SrcStart[u] == s; u--) r.SrcEnd[u] = srcEnd;
        }

        public void AddSpecial(int id, int srcStart, int srcEnd)
        {
            EndWord();
            AddWord(srcStart, srcEnd, id);
            _canAttach = false;
        }

        public void EndWord()
        {
            if (_inWord)
            {
                AddWord(_wordStart, _r.Length, -1);
                _inWord = false;
            }
            _runStart = _r.Length;
        }

        private void StartWord()
        {
            _inWord = true;
            _wordStart = _r.Length;
            _runStart = _r.Length;
        }

        private void AddWord(int start, int end, int specialId)
        {
            var r = _r;
            if (r.WordCount == r.Words.Length)
            {
                var bigger = ArrayPool<NormalizedText.Word>.Shared.Rent(r.Words.Length * 2);
                Array.Copy(r.Words, bigger, r.WordCount);
                ArrayPool<NormalizedText.Word>.Shared.Return(r.Words);
                r.Words = bigger;
            }
            r.Words[r.WordCount++] = new NormalizedText.Word { Start = start, End = end, SpecialId = specialId };
        }

        /// <summary>Writes the units of <paramref name="cp"/>; returns the index of its first unit.</summary>
        private int Put(int cp, int srcStart, int srcEnd)
        {
            var r = _r;
            if (r.Length + 2 > r.Chars.Length) Grow(2);
            int p = r.Length;
            if (cp < 0x10000)
            {
                r.Chars[p] = (char)cp;
                r.SrcStart[p] = srcStart;
                r.SrcEnd[p] = srcEnd;
                r.Length = p + 1;
            }
            else
            {
                cp -= 0x10000;
                r.Chars[p] = (char)(0xD800 + (cp >> 10));
                r.Chars[p + 1] = (char)(0xDC00 + (cp & 0x3FF));
                r.SrcStart[p] = r.SrcStart[p + 1] = srcStart;
                r.SrcEnd[p] = r.SrcEnd[p + 1] = srcEnd;
                r.Length = p + 2;
            }
            return p;
        }

        /// <summary>
        /// Canonical reordering: moves the mark just written at <paramref name="p"/> in front of the marks of the
        /// current run with a greater combining class (a stable insertion sort, as NFD's canonical ordering is).
        /// </summary>
        private void Reorder(int p, int rank)
        {
            var r = _r;
            int q = p;
            while (q > _runStart)
            {
                int prev = char.IsLowSurrogate(r.Chars[q - 1]) ? q - 2 : q - 1;
                int prevCp = prev == q - 2 ? char.ConvertToUtf32(r.Chars[prev], r.Chars[q - 1]) : r.Chars[prev];
                if (BertCharTable.CombiningRank(prevCp) <= rank) break;
                q = prev;
            }
            if (q == p) return;

            int units = r.Length - p;
            Rotate(r.Chars, q, p, units);
            Rotate(r.SrcStart, q, p, units);
            Rotate(r.SrcEnd, q, p, units);

            // Characters whose normalised forms are now interleaved become one source range, so that token ranges
            // stay increasing: extend over earlier units of the same characters, then give all the union.
            int lo = int.MaxValue, hi = 0;
            for (int u = q; u < r.Length; u++)
            {
                lo = Math.Min(lo, r.SrcStart[u]);
                hi = Math.Max(hi, r.SrcEnd[u]);
            }
            int v = q;
            while (v > _wordStart && r.SrcEnd[v - 1] > lo) v--;
            for (int u = v; u < r.Length; u++)
            {
                lo = Math.Min(lo, r.SrcStart[u]);
                hi = Math.Max(hi, r.SrcEnd[u]);
            }
            for (int u = v; u < r.Length; u++)
            {
                r.SrcStart[u] = lo;
                r.SrcEnd[u] = hi;
            }
        }

        /// <summary>Moves the last <paramref name="units"/> elements, which start at <paramref name="p"/>, to
        /// <paramref name="q"/>, shifting [q, p) right.</summary>
        private static void Rotate<T>(T[] a, int q, int p, int units)
        {
            Span<T> tmp = units <= 2 ? new T[2] : new T[units];
            a.AsSpan(p, units).CopyTo(tmp);
            Array.Copy(a, q, a, q + units, p - q);
            tmp[..units].CopyTo(a.AsSpan(q));
        }

        private void Grow(int extra)
        {
            var r = _r;
            int size = Math.Max(r.Chars.Length * 2, r.Length + extra);
            r.Chars = Resize(r.Chars, size, r.Length);
            r.SrcStart = Resize(r.SrcStart, size, r.Length);
            r.SrcEnd = Resize(r.SrcEnd, size, r.Length);
        }

        private static T[] Resize<T>(T[] old, int size, int used)
        {
            var bigger = ArrayPool<T>.Shared.Rent(size);
            Array.Copy(old, bigger, used);
            ArrayPool<T>.Shared.Return(old);
            return bigger;
        }
    }
}
