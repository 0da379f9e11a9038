using Khyber.Domain.Trucks;

namespace Khyber.Api.Trucks;

/// <summary>
/// <c>Queue:MaxWaitingPerCarrier</c>: how many trucks one carrier company may have registered, waiting or called at one
/// crossing at once (<see cref="CarrierCap"/>); 0 turns the cap off. One setting for every crossing: the cap guards
/// against a company booking the queue full, which does not depend on the crossing's size.
/// </summary>
/// <remarks>
/// By default <see cref="CarrierCap.DefaultLimit"/>; with the demo loaded and nothing set, <see cref="DemoLimit"/>, since
/// the demo's crowded Torkham already gives each demo carrier dozens of waiting trucks.
/// </remarks>
public sealed class CarrierCapSetting
{
    public const int DemoLimit = 200;

    public CarrierCapSetting(IConfiguration config)
    {
        var fallback = config.GetValue("Demo:Enabled", false) ? DemoLimit : CarrierCap.DefaultLimit;
        Limit = config.GetValue("Queue:MaxWaitingPerCarrier", fallback);
        if (Limit < 0)
        {
            throw new InvalidOperationException("Queue:MaxWaitingPerCarrier must be 0 (no cap) or more.");
        }
    }

    public int Limit { get; }
}
