using System.Diagnostics;
using System.Globalization;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// Debian's nginx on a free loopback port, as docs/deploy.md sets it up: a <c>proxy_cache</c> in front of one Khyber
/// server, taking the public routes' <c>Cache-Control</c> and revalidating with their <c>ETag</c>s. Its own folder for
/// configuration, cache and logs; killed and removed on dispose.
/// </summary>
public sealed class NginxCache : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";

    private readonly string _dir = Directory.CreateTempSubdirectory("khyber-nginx-").FullName;
    private Process? _process;

    public int Port { get; } = KannelGateway.FreePort();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Whether Debian's nginx is installed (./test.sh installs it).</summary>
    public static bool Installed => File.Exists(Nginx);

    /// <summary>Writes the configuration for a Khyber at <paramref name="upstream"/>, starts nginx and waits until it answers.</summary>
    public async Task StartAsync(Uri upstream)
    {
        var root = Environment.UserName == "root" ? "user root root;" : "";
        await File.WriteAllTextAsync(Path.Combine(_dir, "nginx.conf"), $$"""
            {{root}}
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                proxy_cache_path {{_dir}}/cache levels=1:2 keys_zone=khyber:10m max_size=64m inactive=10m use_temp_path=off;
                upstream khyber { server {{upstream.Host}}:{{upstream.Port.ToString(CultureInfo.InvariantCulture)}}; keepalive 32; }
                server {
                    listen 127.0.0.1:{{Port.ToString(CultureInfo.InvariantCulture)}} backlog=4096;
                    location / {
                        proxy_pass http://khyber;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_cache khyber;
                        proxy_cache_key $scheme$host$request_uri;
                        proxy_cache_lock on;
                        proxy_cache_lock_timeout 10s;
                        proxy_cache_lock_age 10s;
                        proxy_cache_revalidate on;
                        proxy_cache_use_stale updating error timeout;
                        proxy_cache_background_update on;
                        add_header X-Cache-Status $upstream_cache_status always;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", _dir, "-c", Path.Combine(_dir, "nginx.conf") })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await probe.GetAsync("/api/v1/ping")).IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or a busy machine slow to answer: probe again.
                    return false;
                }
            },
            up => up || _process.HasExited,
            TimeSpan.FromSeconds(60),
            "nginx to answer");
        Assert.False(_process.HasExited, "nginx exited: " + Log());
    }

    /// <summary>nginx's error log, for a failure message.</summary>
    public string Log()
    {
        var path = Path.Combine(_dir, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                // The master takes its workers with it on a fast shutdown; killing the tree makes sure of it.
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
