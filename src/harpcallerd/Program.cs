using HarpCaller.Daemon;

return await DaemonCli.RunAsync(args).ConfigureAwait(false);
