using CloudI.Executable;

// Signal handlers come first for `start`: a SIGTERM that arrives while the runtime is still
// loading must not end the process without the services' terminate callbacks.
using SignalRelay? signals = args is ["start", ..] ? new SignalRelay() : null;
return await Cli.RunAsync(args, signals).ConfigureAwait(false);
