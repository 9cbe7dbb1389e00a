using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// Resolves an internal service's "module" to a .NET type: a name registered here (e.g. CloudI's
/// <c>cloudi_service_http_cowboy</c>), else a full type name found in the host's assemblies or in
/// an assembly of a code path directory. Code-path assemblies are loaded into collectible
/// contexts (<see cref="ServiceLoadContext"/>): the services using a type hold a
/// <see cref="Lease"/> on it, and when the last lease ends the assembly is unloaded; a file that
/// changed on disk is loaded anew (beside the old one while that is still leased).
/// </summary>
public sealed class ServiceTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _registered = new(StringComparer.Ordinal);
    private readonly List<string> _codePaths = [];
    private readonly object _gate = new();

    // The newest load of each code-path file, and every live load by assembly (under _gate).
    private readonly Dictionary<string, CodePathLoad> _currentByFile = new(StringComparer.Ordinal);
    private readonly Dictionary<Assembly, CodePathLoad> _byAssembly = [];

    /// <summary>A code-path assembly was unloaded (its file's full path).</summary>
    public event EventHandler<string>? AssemblyUnloaded;

    /// <summary>The code-path assemblies loaded now (file paths; a file twice while an old load is still in use).</summary>
    public IReadOnlyList<string> LoadedCodePathAssemblies
    {
        get
        {
            lock (_gate)
            {
                return [.. _byAssembly.Values.Select(l => l.File)];
            }
        }
    }

    /// <summary>
    /// Holds <paramref name="type"/>'s assembly loaded until the lease is disposed; null for types
    /// that are not from a code path (registered or host types are never unloaded).
    /// </summary>
    public IDisposable? Lease(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (_gate)
        {
            if (!_byAssembly.TryGetValue(type.Assembly, out CodePathLoad? load))
            {
                return null;
            }

            load.Leases++;
            return new CodePathLease(this, load);
        }
    }

    private void Release(CodePathLoad load)
    {
        lock (_gate)
        {
            if (--load.Leases > 0)
            {
                return;
            }

            Unload(load);
        }

        AssemblyUnloaded?.Invoke(this, load.File);
    }

    // Under _gate.
    private void Unload(CodePathLoad load)
    {
        _byAssembly.Remove(load.Assembly);
        if (_currentByFile.TryGetValue(load.File, out CodePathLoad? current) && current == load)
        {
            _currentByFile.Remove(load.File);
        }

        // Collected once nothing references its types any more (the GC decides when).
        load.Context.Unload();
    }

    private Assembly LoadCodePathFile(string file)
    {
        var info = new FileInfo(file);
        CodePathLoad? superseded = null;
        Assembly assembly;
        lock (_gate)
        {
            if (_currentByFile.TryGetValue(file, out CodePathLoad? current)
                && current.Length == info.Length && current.LastWrite == info.LastWriteTimeUtc)
            {
                return current.Assembly;
            }

            var context = new ServiceLoadContext(file);
            assembly = context.LoadFile(file);
            var load = new CodePathLoad(file, info.Length, info.LastWriteTimeUtc, context, assembly);
            _currentByFile[file] = load;
            _byAssembly[assembly] = load;
            if (current is not null && current.Leases == 0)
            {
                Unload(current);
                superseded = current;
            }
        }

        if (superseded is not null)
        {
            AssemblyUnloaded?.Invoke(this, superseded.File);
        }

        return assembly;
    }

    /// <summary>Registers <paramref name="type"/> under a module name.</summary>
    /// <exception cref="ArgumentException">The type is not a usable service type.</exception>
    public void Register(string module, Type type)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(type);
        string? problem = Problem(type);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(type));
        }

        _registered[module] = type;
    }

    /// <summary>Adds a directory whose <c>*.dll</c> files are searched for service types.</summary>
    public void AddCodePath(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (_gate)
        {
            string full = Path.GetFullPath(directory);
            if (!_codePaths.Contains(full))
            {
                _codePaths.Add(full);
            }
        }
    }

    /// <summary>Removes a code path directory; false if it was not added.</summary>
    public bool RemoveCodePath(string directory)
    {
        lock (_gate)
        {
            return _codePaths.Remove(Path.GetFullPath(directory));
        }
    }

    /// <summary>The code path directories, in search order.</summary>
    public IReadOnlyList<string> CodePaths
    {
        get
        {
            lock (_gate)
            {
                return [.. _codePaths];
            }
        }
    }

    /// <summary>The type for <paramref name="module"/>, or an error message saying why there is none.</summary>
    public Type? Resolve(string module, out string? error)
    {
        ArgumentNullException.ThrowIfNull(module);
        error = null;
        if (_registered.TryGetValue(module, out Type? registered))
        {
            return registered;
        }

        Type? found = FindLoaded(module) ?? FindInCodePaths(module);
        if (found is null)
        {
            error = $"no service type \"{module}\" (not registered, not in the loaded assemblies or the code paths)";
            return null;
        }

        error = Problem(found);
        return error is null ? found : null;
    }

    private static Type? FindLoaded(string name)
    {
        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            // Code-path loads are found through the code paths, newest file first, never here.
            if (assembly.IsDynamic || AssemblyLoadContext.GetLoadContext(assembly) is ServiceLoadContext)
            {
                continue;
            }

            Type? type = assembly.GetType(name, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }

    private Type? FindInCodePaths(string name)
    {
        foreach (string directory in CodePaths)
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
            {
                // Read the type table without loading, so only the assembly that defines the
                // type is loaded (not every library that happens to sit in the directory).
                if (!Defines(file, name))
                {
                    continue;
                }

                Assembly assembly;
                try
                {
                    assembly = LoadCodePathFile(file);
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                Type? type = assembly.GetType(name, throwOnError: false);
                if (type is not null)
                {
                    return type;
                }
            }
        }

        return null;
    }

    private static bool Defines(string file, string fullName)
    {
        try
        {
            using FileStream stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            MetadataReader metadata = pe.GetMetadataReader();
            foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
            {
                TypeDefinition type = metadata.GetTypeDefinition(handle);
                if (!type.GetDeclaringType().IsNil)
                {
                    continue;
                }

                string ns = metadata.GetString(type.Namespace);
                string typeName = metadata.GetString(type.Name);
                if ((ns.Length == 0 ? typeName : ns + "." + typeName) == fullName)
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Problem(Type type)
    {
        if (!typeof(ICloudIService).IsAssignableFrom(type))
        {
            return $"{type.FullName} does not implement {nameof(ICloudIService)}";
        }

        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return $"{type.FullName} needs a public parameterless constructor";
        }

        return null;
    }

    private sealed class CodePathLoad(string file, long length, DateTime lastWrite, ServiceLoadContext context, Assembly assembly)
    {
        public string File { get; } = file;

        public long Length { get; } = length;

        public DateTime LastWrite { get; } = lastWrite;

        public ServiceLoadContext Context { get; } = context;

        public Assembly Assembly { get; } = assembly;

        public int Leases { get; set; }
    }

    private sealed class CodePathLease(ServiceTypeRegistry registry, CodePathLoad load) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Release(load);
            }
        }
    }
}
