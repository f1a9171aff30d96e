using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Beddengrid.Runtime;

/// <summary>Names one stored state: a grain's state of one name.</summary>
internal readonly record struct StateKey(string StateName, string GrainType, string GrainKey);

/// <summary>Where a state's latest version sits in the log, and its ETag.</summary>
internal readonly record struct StateSlot(long Row, long Etag);

/// <summary>The log's first row and how many rows it holds, live or superseded, as found when the store opened.</summary>
internal readonly record struct SqliteLogExtent(long FirstRow, long Rows);

/// <summary>
/// The latest log row of every stored state, kept in memory so that the log never needs an index on disk: an index
/// by grain would be updated in place on every write, which is the scattered page writing the log exists to avoid.
/// Built by one scan of the log when the store opens. Only the writer changes it, and only for what has committed, so
/// a reader that finds a row here finds it in the database.
/// </summary>
internal sealed class SqliteStateIndex
{
    /// <summary>Marks, while the log is read, a state whose newest row says it was cleared.</summary>
    private static readonly StateSlot Cleared = new(-1, -1);

    private readonly ConcurrentDictionary<StateKey, StateSlot> _slots;
    private readonly ConcurrentDictionary<(string StateName, string GrainType, string Partition), ConcurrentDictionary<string, byte>> _partitions = new();

    /// <param name="capacity">
    /// Room for states before the dictionary grows. Growing rehashes every entry with all of it locked, which stalls the
    /// writer and every reader for tens of milliseconds at a few hundred thousand states.
    /// </param>
    private SqliteStateIndex(int capacity) => _slots = new ConcurrentDictionary<StateKey, StateSlot>(Environment.ProcessorCount, capacity);

    /// <summary>States stored, i.e. live rows of the log.</summary>
    public int Count => _slots.Count;

    /// <summary>
    /// Reads the log newest row first, so the first row met for a state is its latest version (or the mark that it was
    /// cleared) and every older one is passed over with a lookup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (SqliteStateIndex Index, SqliteLogExtent Extent) Load(SqliteConnection connection)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The connection must be open.");
        var latest = new Dictionary<StateKey, StateSlot>();
        var names = new NameCache();
        long firstRow = 0, rows = 0;
        Check(database, raw.sqlite3_prepare_v2(database, "SELECT row, state_name, grain_type, grain_key, etag, data IS NULL FROM grain_log ORDER BY row DESC", out var scan));
        using (scan)
        {
            int result;
            while ((result = raw.sqlite3_step(scan)) == raw.SQLITE_ROW)
            {
                var row = raw.sqlite3_column_int64(scan, 0);
                var key = new StateKey(names.Get(raw.sqlite3_column_blob(scan, 1)), names.Get(raw.sqlite3_column_blob(scan, 2)), raw.sqlite3_column_text(scan, 3).utf8_to_string());
                var cleared = raw.sqlite3_column_int(scan, 5) == 1;
                latest.TryAdd(key, cleared ? Cleared : new StateSlot(row, raw.sqlite3_column_int64(scan, 4)));
                firstRow = row;
                rows++;
            }
            Check(database, result, raw.SQLITE_DONE);
        }
        // Room for the stored states to double, and at least a million, before the dictionary first has to grow.
        var index = new SqliteStateIndex(Math.Max(1 << 20, 2 * latest.Count));
        foreach (var (key, slot) in latest)
        {
            if (slot != Cleared)
            {
                index.Set(key, slot);
            }
        }
        return (index, new SqliteLogExtent(firstRow, rows));
    }

    public bool TryGet(StateKey key, out StateSlot slot) => _slots.TryGetValue(key, out slot);

    public void Set(StateKey key, StateSlot slot)
    {
        if (_slots.TryAdd(key, slot))
        {
            if (SharedPartition(key) is { } partition)
            {
                _partitions.GetOrAdd(partition, _ => new ConcurrentDictionary<string, byte>()).TryAdd(key.GrainKey, 0);
            }
        }
        else
        {
            _slots[key] = slot;
        }
    }

    public void Remove(StateKey key)
    {
        if (_slots.TryRemove(key, out _) && SharedPartition(key) is { } partition && _partitions.TryGetValue(partition, out var keys))
        {
            keys.TryRemove(key.GrainKey, out _);
        }
    }

    /// <summary>The grain keys stored under a state name and grain type whose partition is <paramref name="partition"/>, in ordinal order.</summary>
    public IReadOnlyList<string> KeysIn(string stateName, string grainType, string partition)
    {
        // A key without '/' is its own partition and has no set: it is looked up among the states themselves.
        IEnumerable<string> shared = _partitions.TryGetValue((stateName, grainType, partition), out var keys) ? keys.Keys : [];
        var own = _slots.ContainsKey(new StateKey(stateName, grainType, partition)) ? [partition] : Array.Empty<string>();
        var sorted = shared.Concat(own).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>
    /// The partition a key shares with other keys, or null for a key that is a partition of its own (no '/'). Only shared
    /// partitions get a set of their keys: a set per placement and per case would cost far more than the index itself.
    /// </summary>
    private static (string, string, string)? SharedPartition(StateKey key)
    {
        var slash = key.GrainKey.IndexOf('/');
        return slash < 0 ? null : (key.StateName, key.GrainType, key.GrainKey[..slash]);
    }

    private static void Check(sqlite3 database, int result, int expected = raw.SQLITE_OK)
    {
        if (result != expected)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }

    /// <summary>State names and grain types repeat on every row; this keeps one string of each instead of one per row.</summary>
    private sealed class NameCache
    {
        private readonly List<(byte[] Utf8, string Name)> _names = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            foreach (var (known, name) in _names)
            {
                if (utf8.SequenceEqual(known))
                {
                    return name;
                }
            }
            var added = System.Text.Encoding.UTF8.GetString(utf8);
            _names.Add((utf8.ToArray(), added));
            return added;
        }
    }
}
