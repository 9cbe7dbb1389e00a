using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudI.External.Spawning;

/// <summary>
/// Starts external-service OS processes with <c>posix_spawn</c> (protocol spec §1.2 option B):
/// .NET cannot fork safely, and glibc's posix_spawn (clone+vfork) is safe from a managed
/// process and reports exec failures synchronously. The child gets stdin = /dev/null,
/// stdout/stderr = pipes read by the returned <see cref="SpawnedProcess"/>, thread socket i at
/// fd 3+i, exactly the given environment, all signal dispositions reset and an empty signal
/// mask, and no other descriptor of the runtime.
/// </summary>
public sealed class ExternalProcessSpawner
{
    private static int s_closeFromAvailable = -1; // -1 unknown, 0 no, 1 yes

    private readonly ILogger _logger;

    /// <summary>Creates a spawner that logs child output and exits to <paramref name="logger"/>.</summary>
    public ExternalProcessSpawner(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    /// <summary>
    /// Starts the process. The thread descriptors of <paramref name="request"/> are closed in
    /// this process when the call returns or throws.
    /// </summary>
    /// <exception cref="SpawnException">exec or chdir failed, or an option could not be applied.</exception>
    public SpawnedProcess Spawn(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var threadHandles = request.ThreadDescriptors;
        var addRefed = new List<SafeHandle>(threadHandles.Count);
        try
        {
            foreach (var handle in threadHandles)
            {
                bool added = false;
                handle.DangerousAddRef(ref added);
                if (added) addRefed.Add(handle);
            }
            return SpawnCore(request, threadHandles.Select(h => (int)h.DangerousGetHandle()).ToArray());
        }
        finally
        {
            foreach (var handle in addRefed) handle.DangerousRelease();
            foreach (var handle in threadHandles) handle.Dispose();
        }
    }

    private unsafe SpawnedProcess SpawnCore(SpawnRequest request, int[] threadFds)
    {
        Validate(request);
        var command = SpawnCommand.Build(request);
        if (command.Wrapped) CheckExecutable(request);

        int firstFree = 3 + threadFds.Length; // every source fd must be >= this (spec §1.2)
        var temporaries = new List<int>();
        FileDescriptorHandle? stdoutRead = null, stderrRead = null;
        int stdoutWrite = -1, stderrWrite = -1;
        void* actions = NativeMemory.AllocZeroed(Libc.FileActionsSize);
        void* attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        void* sigset = NativeMemory.AllocZeroed(Libc.SigSetSize);
        bool actionsReady = false, attrReady = false;
        try
        {
            (stdoutRead, stdoutWrite) = CreatePipe();
            (stderrRead, stderrWrite) = CreatePipe();
            int stdoutSource = Raise(stdoutWrite, firstFree, temporaries);
            int stderrSource = Raise(stderrWrite, firstFree, temporaries);
            var sources = threadFds.Select(fd => Raise(fd, firstFree, temporaries)).ToArray();

            Check(Libc.FileActionsInit(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            Check(Libc.FileActionsAddOpen(actions, 0, "/dev/null", Libc.O_RDONLY, 0), "addopen");
            Check(Libc.FileActionsAddDup2(actions, stdoutSource, 1), "adddup2");
            Check(Libc.FileActionsAddDup2(actions, stderrSource, 2), "adddup2");
            for (int i = 0; i < sources.Length; i++)
                Check(Libc.FileActionsAddDup2(actions, sources[i], 3 + i), "adddup2");
            AddCloseFrom(actions, firstFree);
            if (request.WorkingDirectory is { } directory)
                Check(Libc.FileActionsAddChdir(actions, directory), "addchdir_np");

            Check(Libc.SpawnAttrInit(attr), "posix_spawnattr_init");
            attrReady = true;
            Libc.SigEmptySet(sigset);
            Check(Libc.SpawnAttrSetSigMask(attr, sigset), "setsigmask");
            // .NET ignores SIGPIPE; ignored dispositions survive exec, so reset them all.
            Libc.SigFillSet(sigset);
            // glibc keeps its internal signals 32/33 out of sigfillset and leaves them SIG_IGN in
            // the child (they would stay ignored across exec); set their bits directly so they
            // are reset too. Safe: all signals stay blocked in the child until just before exec,
            // and glibc only ever sends them to the parent's own threads.
            ((ulong*)sigset)[0] |= (1UL << 31) | (1UL << 32);
            Check(Libc.SpawnAttrSetSigDefault(attr, sigset), "setsigdefault");
            Check(Libc.SpawnAttrSetFlags(attr, Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF), "setflags");

            int pid;
            int error;
            using (var path = new NativeStringArray([command.Path], "executable path"))
            using (var argv = new NativeStringArray(command.Argv, "argument"))
            using (var envp = new NativeStringArray(request.Environment, "environment entry"))
            {
                error = Libc.PosixSpawn(&pid, path.Pointer[0], actions, attr, argv.Pointer, envp.Pointer);
            }
            if (error != 0)
                throw new SpawnException($"exec_{Libc.ErrnoName(error)}",
                    $"{command.Path}: {Marshal.GetPInvokeErrorMessage(error)}", error);

            SpawnedProcess process;
            try
            {
                process = new SpawnedProcess(pid, stdoutRead, stderrRead, _logger, request.OutputLine);
            }
            catch
            {
                // Nobody would monitor the child: do not leave it running or unreaped.
                Libc.Kill(pid, UnixSignals.SIGKILL);
                int status;
                while (Libc.WaitPid(pid, &status, 0) < 0 && Libc.LastErrno == Libc.EINTR)
                {
                }
                throw;
            }
            stdoutRead = stderrRead = null; // owned by the process now
            SpawnLog.Spawned(_logger, pid, string.Join(' ', command.Argv));
            return process;
        }
        finally
        {
            if (actionsReady) Libc.FileActionsDestroy(actions);
            if (attrReady) Libc.SpawnAttrDestroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigset);
            foreach (int fd in temporaries) Libc.Close(fd);
            if (stdoutWrite >= 0) Libc.Close(stdoutWrite);
            if (stderrWrite >= 0) Libc.Close(stderrWrite);
            stdoutRead?.Dispose();
            stderrRead?.Dispose();
        }
    }

    private static void Validate(SpawnRequest request)
    {
        if (string.IsNullOrEmpty(request.ExecutablePath))
            throw new ArgumentException("the executable path is empty", nameof(request));
        if (request.Arguments.Count == 0)
            throw new ArgumentException("argv must contain argv[0]", nameof(request));
        foreach (var entry in request.Environment)
        {
            if (entry.IndexOf('=') <= 0)
                throw new ArgumentException($"environment entry '{entry}' is not KEY=VALUE", nameof(request));
        }
        if (request.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            string errno = File.Exists(directory) ? "ENOTDIR" : "ENOENT";
            throw new SpawnException($"chdir_{errno}", $"working directory '{directory}' is not a directory");
        }
    }

    /// <summary>
    /// With helper tools in front, posix_spawn only sees the tool succeed; check the target
    /// up front so a missing file still fails synchronously as <c>exec_ENOENT</c>.
    /// </summary>
    private static void CheckExecutable(SpawnRequest request)
    {
        string path = request.ExecutablePath;
        if (!path.StartsWith('/') && request.WorkingDirectory is { } directory)
            path = Path.Combine(directory, path);
        if (Libc.Access(path, Libc.X_OK) != 0)
        {
            int errno = Libc.LastErrno;
            throw new SpawnException($"exec_{Libc.ErrnoName(errno)}",
                $"{request.ExecutablePath}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        if (Directory.Exists(path))
            throw new SpawnException("exec_EACCES", $"{request.ExecutablePath} is a directory", 13);
    }

    private static unsafe (FileDescriptorHandle Read, int Write) CreatePipe()
    {
        int* fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.O_CLOEXEC) != 0) throw Libc.Failure("pipe2", Libc.LastErrno);
        var read = new FileDescriptorHandle(fds[0]);
        // Only the runtime's read end is non-blocking; the child's write end stays blocking.
        int flags = Libc.Fcntl(fds[0], Libc.F_GETFL, 0);
        if (flags < 0 || Libc.Fcntl(fds[0], Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0)
        {
            int errno = Libc.LastErrno;
            read.Dispose();
            Libc.Close(fds[1]);
            throw Libc.Failure("fcntl(O_NONBLOCK)", errno);
        }
        return (read, fds[1]);
    }

    /// <summary>
    /// Returns a descriptor for <paramref name="fd"/> that is ≥ <paramref name="firstFree"/>, so
    /// no dup2 target can clobber a later source and no dup2 is a no-op that would leave
    /// FD_CLOEXEC set (glibc may skip dup2(fd, fd)).
    /// </summary>
    private static int Raise(int fd, int firstFree, List<int> temporaries)
    {
        if (fd >= firstFree) return fd;
        int copy = Libc.Fcntl(fd, Libc.F_DUPFD_CLOEXEC, firstFree);
        if (copy < 0) throw Libc.Failure("fcntl(F_DUPFD_CLOEXEC)", Libc.LastErrno);
        temporaries.Add(copy);
        return copy;
    }

    /// <summary>
    /// Belt and braces against descriptors opened without O_CLOEXEC by native code in the
    /// runtime: close everything ≥ <paramref name="firstFree"/> in the child (glibc ≥ 2.34).
    /// </summary>
    private static unsafe void AddCloseFrom(void* actions, int firstFree)
    {
        if (Volatile.Read(ref s_closeFromAvailable) == 0) return;
        try
        {
            Check(Libc.FileActionsAddCloseFrom(actions, firstFree), "addclosefrom_np");
            Volatile.Write(ref s_closeFromAvailable, 1);
        }
        catch (EntryPointNotFoundException)
        {
            Volatile.Write(ref s_closeFromAvailable, 0);
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0) throw Libc.Failure(call, error);
    }
}
