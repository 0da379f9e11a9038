namespace Khyber.Api.Pages.Shared;

/// <summary>
/// The pages' words: <c>Text.resx</c> (English) and <c>Text.ur.resx</c>, <c>Text.ps.resx</c>, <c>Text.fa-AF.resx</c>
/// beside this file. Keys are the English text, so a page reads as it will appear.
/// </summary>
public sealed class Text;
