namespace Beddengrid.LoadTests.Dashboards;

/// <summary>
/// Splits the bytes of a SignalR JSON-protocol connection into records: each message is JSON followed by the record
/// separator 0x1E. A WebSocket read may end inside a record or carry several, so bytes are kept until their separator
/// arrives. Write into <see cref="WritableMemory"/>, <see cref="Advance"/> by what was read, then <see cref="TryRead"/>
/// until it answers false; a record stays valid until the next <see cref="WritableMemory"/>.
/// </summary>
internal sealed class RecordSeparatedFrames(int initialCapacity = 16 * 1024)
{
    public const byte RecordSeparator = 0x1E;

    private byte[] _buffer = new byte[initialCapacity];
    private int _start;
    private int _end;
    private int _searchedTo;

    /// <summary>Bytes received that do not yet end in a separator.</summary>
    public int Pending => _end - _start;

    /// <summary>Room for at least <paramref name="minimum"/> more bytes: earlier records are dropped, and the buffer grows for a record larger than it.</summary>
    public Memory<byte> WritableMemory(int minimum = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum);
        if (_buffer.Length - _end >= minimum)
        {
            return _buffer.AsMemory(_end);
        }
        var pending = _end - _start;
        var target = pending + minimum > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, pending + minimum)] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, pending);
        _buffer = target;
        _searchedTo -= _start;
        (_start, _end) = (0, pending);
        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>The next complete record without its separator; empty records (two separators in a row) are skipped.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> record)
    {
        while (true)
        {
            var from = Math.Max(_searchedTo, _start);
            var found = _buffer.AsSpan(from, _end - from).IndexOf(RecordSeparator);
            if (found < 0)
            {
                _searchedTo = _end;
                record = default;
                return false;
            }
            var separatorAt = from + found;
            record = _buffer.AsMemory(_start, separatorAt - _start);
            _start = _searchedTo = separatorAt + 1;
            if (!record.IsEmpty)
            {
                return true;
            }
        }
    }
}
