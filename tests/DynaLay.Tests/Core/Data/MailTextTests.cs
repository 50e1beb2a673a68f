using DynaLay.Data;

namespace DynaLay.Tests.Core.Data;

public class MailTextTests
{
    [Fact]
    public void KeepsTheSubjectAndTheBodyAndDropsTheRouting()
    {
        const string message =
            "From someone@example.org  Thu Aug 22 12:36:23 2002\r\n" +
            "Received: from mail.example.org (mail.example.org [10.0.0.1])\r\n" +
            "\tby mx.example.net with ESMTP id 12345\r\n" +
            "Subject: Cheap offer,\r\n" +
            "   today only\r\n" +
            "Message-Id: <abc@example.org>\r\n" +
            "\r\n" +
            "Dear friend,\r\n" +
            "\r\n" +
            "Click here.\r\n";
        Assert.Equal("Cheap offer, today only\n\nDear friend,\n\nClick here.\n", MailText.SubjectAndBody(message));
    }

    [Fact]
    public void AMessageWithoutASubjectKeepsItsBody()
    {
        Assert.Equal("\n\nbody", MailText.SubjectAndBody("Return-Path: <a@b.c>\nTo: d@e.f\n\nbody"));
    }

    [Fact]
    public void TextWithoutAHeaderBlockIsLeftAlone()
    {
        const string text = "Dear friend, this is not a mail.\n\nSecond paragraph.";
        Assert.Equal(text, MailText.SubjectAndBody(text));
    }
}
