using Khyber.Cli;

return await KhyberCommandLine.RunAsync(args);
