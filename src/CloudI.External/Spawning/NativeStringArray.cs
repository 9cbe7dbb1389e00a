using System.Runtime.InteropServices;
using System.Text;

namespace CloudI.External.Spawning;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings (argv/envp) in native memory.</summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> values, string what)
    {
        _count = values.Count;
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        try
        {
            for (int i = 0; i < _count; i++) Pointer[i] = Allocate(values[i], what);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The array; valid until disposed.</summary>
    public byte** Pointer { get; private set; }

    /// <summary>Allocates one NUL-terminated UTF-8 copy of <paramref name="value"/>.</summary>
    public static byte* Allocate(string value, string what)
    {
        if (value.Contains('\0'))
            throw new ArgumentException($"{what} contains a NUL character: {value}");
        int length = Encoding.UTF8.GetByteCount(value);
        byte* p = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }

    public void Dispose()
    {
        if (Pointer == null) return;
        for (int i = 0; i < _count; i++) NativeMemory.Free(Pointer[i]);
        NativeMemory.Free(Pointer);
        Pointer = null;
    }
}
