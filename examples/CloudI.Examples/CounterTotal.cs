using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Examples;

/// <summary>
/// One <c>…/total</c> request of <see cref="CounterService"/> waiting for its siblings' counts:
/// the request is answered (with <see cref="ServiceDispatcher.Return(ServiceRequest, ReadOnlyMemory{byte}, ReadOnlyMemory{byte})"/>)
/// once every <c>send_async_active</c> it made has an outcome.
/// </summary>
internal sealed class CounterTotal(ServiceRequest request, ulong own)
{
    private readonly HashSet<TransId> _outstanding = [];

    public ServiceRequest Request { get; } = request;

    /// <summary>The sum of the counts received so far (this process's own included).</summary>
    public ulong Sum { get; private set; } = own;

    /// <summary>Processes whose count is in <see cref="Sum"/>.</summary>
    public int Answered { get; private set; } = 1;

    /// <summary>Siblings that timed out or gave a null response.</summary>
    public int Missing { get; private set; }

    public bool IsComplete => _outstanding.Count == 0;

    public void Expect(TransId transId) => _outstanding.Add(transId);

    /// <summary>Records a sibling's answer; false if the TransId is not one of this total's.</summary>
    public bool Received(TransId transId, ulong count)
    {
        if (!_outstanding.Remove(transId))
        {
            return false;
        }

        Sum += count;
        Answered++;
        return true;
    }

    /// <summary>Records a sibling's failure; false if the TransId is not one of this total's.</summary>
    public bool Failed(TransId transId)
    {
        if (!_outstanding.Remove(transId))
        {
            return false;
        }

        Missing++;
        return true;
    }
}
