using System.Reflection;
using System.Runtime.Loader;

namespace CloudI.Runtime;

/// <summary>
/// A collectible load context for one load of one code-path assembly, so the assembly can be
/// unloaded when its last service instance is removed and a newer file loaded beside it
/// (<c>services_update</c>). Whatever the host already has or can find (CloudI.Core,
/// Erlang.Terms, the framework) is shared from the default context, so <see cref="Services.ICloudIService"/>
/// is one type for everybody; other dependencies are loaded from the assembly's directory.
/// Files are read into memory, so the file on disk can be replaced while it is loaded.
/// </summary>
internal sealed class ServiceLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblyNames = new(ReadTrustedPlatformAssemblies);

    private readonly string _directory;

    public ServiceLoadContext(string file)
        : base($"CloudI code path: {Path.GetFileName(file)}", isCollectible: true)
    {
        _directory = Path.GetDirectoryName(file)!;
    }

    /// <summary>Loads <paramref name="file"/> (and its .pdb when present, for line numbers in stack traces).</summary>
    public Assembly LoadFile(string file)
    {
        using var assembly = new MemoryStream(File.ReadAllBytes(file));
        string pdb = Path.ChangeExtension(file, ".pdb");
        if (!File.Exists(pdb))
        {
            return LoadFromStream(assembly);
        }

        using var symbols = new MemoryStream(File.ReadAllBytes(pdb));
        return LoadFromStream(assembly, symbols);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { Length: > 0 } name || IsHostAssembly(name))
        {
            return null;
        }

        string candidate = Path.Combine(_directory, name + ".dll");
        return File.Exists(candidate) ? LoadFile(candidate) : null;
    }

    private static bool IsHostAssembly(string name)
    {
        if (HostAssemblyNames.Value.Contains(name))
        {
            return true;
        }

        foreach (Assembly loaded in Default.Assemblies)
        {
            if (string.Equals(loaded.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> ReadTrustedPlatformAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
