// The window's language: choosing it, installing the catalogues, and keeping
// the committed Qt Linguist catalogues complete.
#include "ui/widgets/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QTest>
#include <QXmlStreamReader>

class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void resolveRequested_data();
    void resolveRequested();
    void resolveFallsBackToSystem_data();
    void resolveFallsBackToSystem();
    void installChinese();
    void installEnglish();
    void installUnknownLanguageFails();
    void catalogueComplete_data();
    void catalogueComplete();

private:
    static QString translated(const char *context, const char *source)
    {
        return QCoreApplication::translate(context, source);
    }
};

void TestLanguage::resolveRequested_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zh") << QStringLiteral("zh") << QStringLiteral("zh_CN");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("zh-CN") << QStringLiteral("zh-CN") << QStringLiteral("zh_CN");
    QTest::newRow("zh-cn") << QStringLiteral("zh-cn") << QStringLiteral("zh_CN");
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("en");
    QTest::newRow("en_US") << QStringLiteral("en_US") << QStringLiteral("en");
    QTest::newRow("en-GB") << QStringLiteral("en-GB") << QStringLiteral("en");
    QTest::newRow("EN") << QStringLiteral(" EN ") << QStringLiteral("en");
}

void TestLanguage::resolveRequested()
{
    QFETCH(QString, requested);
    QFETCH(QString, expected);
    // A language asked for wins over any system locale.
    QCOMPARE(rill::Language::resolve(requested, QLocale(QStringLiteral("en_US"))), expected);
    QCOMPARE(rill::Language::resolve(requested, QLocale(QStringLiteral("zh_CN"))), expected);
    QCOMPARE(rill::Language::resolve(requested, QLocale(QStringLiteral("de_DE"))), expected);
    QCOMPARE(rill::Language::resolve(requested), expected);
}

void TestLanguage::resolveFallsBackToSystem_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none, en_US") << QString() << QStringLiteral("en_US") << QStringLiteral("en");
    QTest::newRow("none, en_GB") << QString() << QStringLiteral("en_GB") << QStringLiteral("en");
    QTest::newRow("none, zh_CN") << QString() << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("none, de_DE") << QString() << QStringLiteral("de_DE") << QStringLiteral("zh_CN");
    QTest::newRow("none, C") << QString() << QStringLiteral("C") << QStringLiteral("zh_CN");
    QTest::newRow("fr, en_US") << QStringLiteral("fr") << QStringLiteral("en_US")
                               << QStringLiteral("en");
    QTest::newRow("fr, zh_CN") << QStringLiteral("fr") << QStringLiteral("zh_CN")
                               << QStringLiteral("zh_CN");
    QTest::newRow("zh_TW, en_US") << QStringLiteral("zh_TW") << QStringLiteral("en_US")
                                  << QStringLiteral("en");
    QTest::newRow("blank, en_US") << QStringLiteral("  ") << QStringLiteral("en_US")
                                  << QStringLiteral("en");
}

void TestLanguage::resolveFallsBackToSystem()
{
    QFETCH(QString, requested);
    QFETCH(QString, system);
    QFETCH(QString, expected);
    QCOMPARE(rill::Language::resolve(requested, QLocale(system)), expected);
}

void TestLanguage::installChinese()
{
    QVERIFY(rill::Language::install(*QCoreApplication::instance(), QStringLiteral("zh_CN")));
    QCOMPARE(translated("rill::MainWindow", "Send"), QStringLiteral("发送"));
    QCOMPARE(translated("rill::MainWindow", "Stop"), QStringLiteral("停止"));
    QCOMPARE(translated("rill::MainWindow", "Streaming"), QStringLiteral("正在接收"));
    QCOMPARE(translated("rill::MainWindow", "Server: %1"), QStringLiteral("服务器：%1"));
    QCOMPARE(translated("rill::PlanCardPainter", "Plan"), QStringLiteral("计划"));
    QCOMPARE(translated("rill::ChatClient", "The connection to the server was lost (%1)."),
        QStringLiteral("与服务器的连接已断开（%1）。"));
}

void TestLanguage::installEnglish()
{
    // Replaces the Chinese catalogue installed by the previous test.
    QVERIFY(rill::Language::install(*QCoreApplication::instance(), QStringLiteral("en")));
    QCOMPARE(translated("rill::MainWindow", "Send"), QStringLiteral("Send"));
    QCOMPARE(translated("rill::MainWindow", "Streaming"), QStringLiteral("Streaming"));
    QCOMPARE(translated("rill::MainWindow", "&New Chat"), QStringLiteral("&New Chat"));
}

void TestLanguage::installUnknownLanguageFails()
{
    QVERIFY(!rill::Language::install(*QCoreApplication::instance(), QStringLiteral("xx")));
    // Nothing is left installed: the source text shows.
    QCOMPARE(translated("rill::MainWindow", "Send"), QStringLiteral("Send"));
    QVERIFY(rill::Language::install(*QCoreApplication::instance(), QStringLiteral("zh_CN")));
    QCOMPARE(translated("rill::MainWindow", "Send"), QStringLiteral("发送"));
}

void TestLanguage::catalogueComplete_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << QStringLiteral("rill_zh_CN.ts") << QStringLiteral("zh_CN");
    QTest::newRow("en") << QStringLiteral("rill_en.ts") << QStringLiteral("en");
}

// Every message of the committed catalogues is translated and current, so a
// tr() string added without a translation (after lupdate) fails the suite.
void TestLanguage::catalogueComplete()
{
    QFETCH(QString, file);
    QFETCH(QString, language);
    const QString sourceDir = qEnvironmentVariable("RILL_SOURCE_DIR");
    if (sourceDir.isEmpty())
        QSKIP("RILL_SOURCE_DIR is not set; run through ctest");
    QFile ts(QDir(sourceDir).filePath(QStringLiteral("resources/translations/") + file));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));

    QXmlStreamReader xml(&ts);
    QString context;
    QString source;
    bool numerus = false;
    int messages = 0;
    QStringList problems;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            QCOMPARE(xml.attributes().value(QLatin1String("language")).toString(), language);
        } else if (name == QLatin1String("message")) {
            numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            ++messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!type.isEmpty())
                problems << QStringLiteral("%1 \"%2\": type=\"%3\"").arg(context, source, type);
            else if (text.trimmed().isEmpty())
                problems << QStringLiteral("%1 \"%2\": empty translation").arg(context, source);
            else if (numerus && !text.contains(QLatin1String("%n")))
                problems
                    << QStringLiteral("%1 \"%2\": plural forms without %n").arg(context, source);
            // English plural forms spell out the singular and the plural of "(s)".
            else if (!numerus && language == QLatin1String("en") && text != source)
                problems << QStringLiteral("%1 \"%2\": English differs from the source")
                                .arg(context, source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 0);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
