using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// Resolves an internal service's "module" to a .NET type: a name registered here (e.g. CloudI's
/// <c>cloudi_service_http_cowboy</c>), else a full type name found in the loaded assemblies or in
/// an assembly of a code path directory.
/// </summary>
public sealed class ServiceTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _registered = new(StringComparer.Ordinal);
    private readonly List<string> _codePaths = [];
    private readonly object _gate = new();

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
            if (assembly.IsDynamic)
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
                    assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException)
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
}
