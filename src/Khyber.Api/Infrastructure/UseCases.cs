using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// A use case: one thing a user does or reads — issue a notice, call trucks forward, read the queue — in one file of
/// its feature folder holding its request, its answer and its <c>HandleAsync</c>.
/// </summary>
/// <remarks>
/// The API endpoint (bind → handle → typed result) and the page handler (form → handle → redirect or message) are two
/// thin adapters over the same handler, so the rules, the limits, the refusals and the audit entry are the same
/// whichever door a request came through. There is no mediator: a handler is a class the adapters are given by
/// dependency injection, and its <c>HandleAsync</c> is an ordinary method.
/// </remarks>
public interface IUseCase;

public static class UseCaseSetup
{
    /// <summary>Registers every use case of the API assembly, one instance per request.</summary>
    public static IServiceCollection AddKhyberUseCases(this IServiceCollection services)
    {
        var useCases = typeof(IUseCase).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUseCase).IsAssignableFrom(t));
        foreach (var type in useCases)
        {
            services.AddScoped(type);
        }
        return services;
    }

    /// <summary>Names the actor and the use case for the audit entry of the change about to be saved.</summary>
    public static void Acting(this KhyberDb db, Actor actor, string action, string subject) =>
        db.Acting(actor.UserName, actor.Side?.ToString(), action, subject);

    /// <summary>The address a request came from, as the rate limits count it.</summary>
    public static string CallerAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}
