using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary><c>code_path_add</c>, <c>code_path_remove</c>, <c>code_path</c>: the directories searched for service assemblies.</summary>
public sealed partial class CloudIServiceApi
{
    private ErlangTerm CodePathAdd(ErlangTerm argument)
    {
        string directory = Directory(argument);
        if (!System.IO.Directory.Exists(directory))
        {
            return Error("bad_directory");
        }

        _runtime.ServiceTypes.AddCodePath(directory);
        return Ok;
    }

    private ErlangTerm CodePathRemove(ErlangTerm argument)
    {
        string directory = Directory(argument);
        return _runtime.ServiceTypes.RemoveCodePath(directory) ? Ok : Error("does_not_exist");
    }

    private ErlangTerm CodePath() => OkValue(List(_runtime.ServiceTypes.CodePaths.Select(Str)));

    private static string Directory(ErlangTerm argument)
    {
        if (argument is not ErlangList list || !list.TryGetString(out string directory) || directory.Length == 0
            || directory.Contains('\0', StringComparison.Ordinal))
        {
            throw ApiFailure.Of("bad_directory", argument);
        }

        return directory;
    }
}
