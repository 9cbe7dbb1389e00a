using CloudI.Api;
using CloudI.ExternalExample;

// An external CloudI service: one thread per CLOUDI_API_INIT_THREAD_COUNT, each with its own
// CloudIApi (its own socket), subscribing the example names and polling until TERM. Exit code 0
// once every thread's poll returned false; a fatal handler exception ends the process.
int count = CloudIApi.ThreadCount();
var threads = new Thread[count];
for (int k = 0; k < count; k++)
{
    int index = k;
    threads[k] = new Thread(() => ExampleService.Run(index)) { Name = $"cloudi-{index}" };
    threads[k].Start();
}

foreach (Thread thread in threads)
{
    thread.Join();
}

return 0;
