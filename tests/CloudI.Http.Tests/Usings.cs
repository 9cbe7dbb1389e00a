namespace CloudI.Http.Tests;
