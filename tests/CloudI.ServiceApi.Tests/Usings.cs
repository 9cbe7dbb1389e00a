namespace CloudI.ServiceApi.Tests;
