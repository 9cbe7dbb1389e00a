using HarpCaller.Cli;

return await HarpCli.RunAsync(args);
