namespace Vaina.Formatting.Tests;

public class HumanTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1 kB")]
    [InlineData(1290, "1.29 kB")]
    [InlineData(1500, "1.5 kB")]
    [InlineData(999_999, "1e+03 kB")]
    [InlineData(5_200_000, "5.2 MB")]
    [InlineData(12_345_678, "12.3 MB")]
    [InlineData(208_000_000, "208 MB")]
    [InlineData(1_073_741_824, "1.07 GB")]
    [InlineData(4_400_000_000_000, "4.4 TB")]
    public void Sizes_match_go_units(long bytes, string expected)
    {
        Assert.Equal(expected, HumanSize.Format(bytes));
    }

    [Theory]
    [InlineData(0.5, "Less than a second ago")]
    [InlineData(1, "1 second ago")]
    [InlineData(45, "45 seconds ago")]
    [InlineData(60, "About a minute ago")]
    [InlineData(119, "About a minute ago")]
    [InlineData(300, "5 minutes ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(60 * 60, "About an hour ago")]
    [InlineData(89 * 60, "About an hour ago")]
    [InlineData(90 * 60, "2 hours ago")]
    [InlineData(47 * 3600, "47 hours ago")]
    [InlineData(48 * 3600, "2 days ago")]
    [InlineData(13 * 86400, "13 days ago")]
    [InlineData(14 * 86400, "2 weeks ago")]
    [InlineData(59 * 86400, "8 weeks ago")]
    [InlineData(60 * 86400, "2 months ago")]
    [InlineData(729 * 86400, "24 months ago")]
    [InlineData(730 * 86400, "2 years ago")]
    [InlineData(1200 * 86400, "3 years ago")]
    public void Ages_match_go_units(double seconds, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, HumanDuration.Ago(now - TimeSpan.FromSeconds(seconds), now));
    }

    [Fact]
    public void Ps_status_strings()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        DateTimeOffset twoHours = now.AddHours(-2);
        DateTimeOffset threeMinutes = now.AddMinutes(-3);
        Assert.Equal("Up 2 hours", ContainerStatusText.Format("running", twoHours, default, 0, null, now));
        Assert.Equal("Up 2 hours (healthy)", ContainerStatusText.Format("running", twoHours, default, 0, "healthy", now));
        Assert.Equal("Exited (0) 3 minutes ago", ContainerStatusText.Format("exited", twoHours, threeMinutes, 0, null, now));
        Assert.Equal("Exited (137) 3 minutes ago", ContainerStatusText.Format("stopped", twoHours, threeMinutes, 137, null, now));
        Assert.Equal("Created", ContainerStatusText.Format("created", default, default, 0, null, now));
        Assert.Equal("Created", ContainerStatusText.Format("configured", default, default, 0, null, now));
        Assert.Equal("Paused", ContainerStatusText.Format("paused", twoHours, default, 0, null, now));
    }
}
