namespace CloudI.External.Tests;
