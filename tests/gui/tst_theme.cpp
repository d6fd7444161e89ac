// The window's themes. Every pair of colours the chat draws reads at WCAG AA
// contrast, in Rill's light and dark palettes and under a desktop palette that
// would not (a pale highlight under white text); switching theme repaints the
// conversation already on screen, code blocks included; the choice is kept.
#include "ui/widgets/chatdelegate.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatstyle.h"
#include "ui/widgets/chatview.h"
#include "ui/widgets/codehighlighter.h"
#include "ui/widgets/theme.h"

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using namespace rill;

Q_DECLARE_METATYPE(QPalette)

namespace {

// Fusion's own palette, as a desktop without a theme of its own gives it.
QPalette fusionPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(u"Fusion"_s));
    return fusion->standardPalette();
}

// A desktop theme chosen without the chat in mind: white text on a pale blue
// highlight, and a light grey caption colour.
QPalette carelessPalette()
{
    QPalette palette = fusionPalette();
    palette.setColor(QPalette::Highlight, QColor(0x9e, 0xc9, 0xf0));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Text, QColor(0x70, 0x70, 0x70));
    return palette;
}

QColor codeBackgroundOf(const QTextDocument *document, const QString &needle)
{
    const QTextCursor found = document->find(needle);
    return found.isNull() ? QColor() : found.block().blockFormat().background().color();
}

} // namespace

class TestTheme : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void chatTextIsReadable_data();
    void chatTextIsReadable();
    void highlightedCodeIsReadable_data();
    void highlightedCodeIsReadable();
    void namesRoundTrip();
    void switchingRepaintsTheConversation();
    void systemRestoresTheDesktopsPalette();
    void choiceIsKept();
};

void TestTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"RillTest"_s);
    QCoreApplication::setApplicationName(u"tst_theme"_s);
    QSettings().clear();
}

void TestTheme::chatTextIsReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << Themes::light();
    QTest::newRow("dark") << Themes::dark();
    QTest::newRow("fusion") << fusionPalette();
    QTest::newRow("careless desktop") << carelessPalette();
}

void TestTheme::chatTextIsReadable()
{
    QFETCH(QPalette, palette);
    const ChatColors colors = ChatColors::from(palette);
    const QColor base = palette.color(QPalette::Base);
    const struct
    {
        const char *what;
        QColor foreground;
        QColor background;
        double needed;
    } pairs[] = {
        { "answer text", colors.text, colors.assistantBubble, 4.5 },
        { "user text", colors.userText, colors.userBubble, 4.5 },
        { "caption on the view", colors.muted, base, 4.5 },
        { "caption in a bubble", colors.muted, colors.assistantBubble, 4.5 },
        { "caption in a card", colors.muted, colors.cardBackground, 4.5 },
        { "error text", colors.errorText, colors.errorBackground, 4.5 },
        { "code", colors.text, colors.codeBackground, 4.5 },
        { "done mark", colors.success, colors.cardBackground, 3.0 },
        { "failed mark", colors.failure, colors.cardBackground, 3.0 },
        { "spinner", colors.accent, base, 3.0 },
    };
    for (const auto &pair : pairs) {
        const double ratio = contrastRatio(pair.foreground, pair.background);
        if (ratio < pair.needed)
            QFAIL(qPrintable(
                u"%1: %2 on %3 reads at %4:1, under %5:1"_s
                    .arg(QLatin1String(pair.what), pair.foreground.name(), pair.background.name())
                    .arg(ratio, 0, 'f', 2)
                    .arg(pair.needed)));
    }
}

void TestTheme::highlightedCodeIsReadable_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTheme::highlightedCodeIsReadable()
{
    QFETCH(bool, dark);
    const QColor background
        = ChatColors::from(dark ? Themes::dark() : Themes::light()).codeBackground;
    const QStringList elements { u"keyword"_s, u"type"_s, u"usertype"_s, u"classname"_s,
        u"string"_s, u"regexp"_s, u"specialchar"_s, u"comment"_s, u"todo"_s, u"number"_s,
        u"preproc"_s, u"function"_s, u"variable"_s, u"label"_s, u"property"_s, u"value"_s };
    for (const QString &element : elements) {
        const QColor colour = CodeHighlighter::format(element, dark).foreground().color();
        QVERIFY2(contrastRatio(colour, background) >= 4.5,
            qPrintable(u"%1 %2 on %3"_s.arg(element, colour.name(), background.name())));
    }
}

void TestTheme::namesRoundTrip()
{
    for (Theme theme : { Theme::System, Theme::Light, Theme::Dark })
        QCOMPARE(Themes::fromName(Themes::name(theme)), theme);
    QCOMPARE(Themes::fromName(u" Dark "_s), Theme::Dark);
    QVERIFY(!Themes::fromName(u"solarized"_s));
}

void TestTheme::switchingRepaintsTheConversation()
{
    ThemeSwitcher switcher(qApp);
    switcher.apply(Theme::Light);
    ChatModel model;
    model.addUserMessage(u"Show me code"_s);
    model.addAssistantMessage(u"Here:\n\n```python\ndef greet():\n    return 1\n```\n"_s);
    ChatView view;
    view.setModel(&model);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto *delegate = static_cast<const ChatDelegate *>(view.itemDelegate());
    const QColor light = ChatColors::from(Themes::light()).codeBackground;
    const QColor dark = ChatColors::from(Themes::dark()).codeBackground;
    QTRY_VERIFY(delegate->renderedText(1)
        && codeBackgroundOf(delegate->renderedText(1), u"greet"_s) == light);

    QSignalSpy changed(&switcher, &ThemeSwitcher::themeChanged);
    switcher.apply(Theme::Dark);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 128);
    QTRY_VERIFY(delegate->renderedText(1)
        && codeBackgroundOf(delegate->renderedText(1), u"greet"_s) == dark);
    switcher.apply(Theme::System);
}

void TestTheme::systemRestoresTheDesktopsPalette()
{
    const QPalette desktop = QApplication::palette();
    ThemeSwitcher switcher(qApp);
    switcher.apply(Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Base) != desktop.color(QPalette::Base));
    switcher.apply(Theme::System);
    QCOMPARE(QApplication::palette().color(QPalette::Base), desktop.color(QPalette::Base));
    QCOMPARE(
        QApplication::palette().color(QPalette::Highlight), desktop.color(QPalette::Highlight));
}

void TestTheme::choiceIsKept()
{
    QSettings().clear();
    QCOMPARE(ThemeSwitcher::stored(), Theme::System);
    ThemeSwitcher switcher(qApp);
    switcher.choose(Theme::Dark);
    QCOMPARE(ThemeSwitcher::stored(), Theme::Dark);
    switcher.apply(Theme::Light); // --theme for one run: not kept
    QCOMPARE(ThemeSwitcher::stored(), Theme::Dark);
    QSettings().setValue(u"appearance/theme"_s, u"no such theme"_s);
    QCOMPARE(ThemeSwitcher::stored(), Theme::System);
    switcher.apply(Theme::System);
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
