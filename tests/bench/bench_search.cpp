// Many kept conversations: how soon the window shows its first frame, how long
// the search index takes to build, and how fast a search answers. A benchmark,
// not a test (docs/benchmarks.md); its last stdout line is a JSON object.
//
//   bench_search [--conversations 10000] [--dir PATH]
//
// It writes the conversations (about 5 KB of text each: questions, answers
// with code) as JSON files, as an earlier Rill would have, with no index; then
// opens the window over them twice: without an index (it is built in the
// background), and again with the index built.
#include "ui/net/chatclient.h"
#include "ui/store/conversationfile.h"
#include "ui/store/conversationstore.h"
#include "ui/store/searchindex.h"
#include "ui/widgets/conversationsidebar.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/searchresults.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace {

// Words that appear in a known number of conversations, for the searches.
const QString kRareWord = u"quixotry"_s; // in one conversation only, inside an answer
const QString kSomeWord = u"zeppelin"_s; // in one conversation in a hundred

class TextMaker
{
public:
    TextMaker()
        : m_random(42)
    {
        static const char *syllables[] = { "ka", "lo", "mi", "ra", "ten", "su", "vo", "pel", "dri",
            "an", "or", "bec", "ul", "fa", "ni", "gro", "she", "ty", "qua", "ix" };
        std::uniform_int_distribution<int> count(1, 4);
        std::uniform_int_distribution<int> pick(0, 19);
        for (int i = 0; i < 4000; ++i) {
            QString word;
            for (int s = count(m_random); s > 0; --s)
                word += QLatin1String(syllables[pick(m_random)]);
            m_words << word;
        }
        // Common English words, the bulk of any chat.
        for (const char *w : { "the", "and", "of", "to", "a", "in", "is", "that", "for", "it",
                 "with", "as", "on", "this", "you", "can", "be", "by", "not", "or", "function",
                 "value", "file", "data", "error", "example", "use", "return" })
            for (int i = 0; i < 40; ++i)
                m_words << QLatin1String(w);
    }
    QString words(int n)
    {
        std::uniform_int_distribution<qsizetype> pick(0, m_words.size() - 1);
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << m_words.at(pick(m_random));
        return out.join(u' ');
    }
    int number(int low, int high)
    {
        return std::uniform_int_distribution<int>(low, high)(m_random);
    }

private:
    std::mt19937 m_random;
    QStringList m_words;
};

QJsonObject item(const QString &kind, const QString &text)
{
    return { { u"kind"_s, kind }, { u"text"_s, text } };
}

// Writes `count` conversations into `dir`; returns the bytes of text in them.
qint64 writeConversations(const QString &dir, int count)
{
    TextMaker text;
    qint64 textBytes = 0;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-365);
    for (int i = 0; i < count; ++i) {
        rill::Conversation c;
        c.header.id = u"bench-%1"_s.arg(i, 5, 10, QChar(u'0'));
        QJsonArray items;
        const int turns = text.number(2, 4);
        for (int t = 0; t < turns; ++t) {
            const QString question = text.words(text.number(8, 25)) + u'?';
            QString answer = text.words(text.number(170, 300));
            if (t == 1 && i % 100 == 7)
                answer += u' ' + kSomeWord;
            if (t == 1 && i == count / 3)
                answer += u" and then "_s + kRareWord + u" at last"_s;
            if (text.number(0, 2) == 0)
                answer += u"\n\n```python\ndef "_s + text.words(1) + u"(x):\n    return x + "_s
                    + QString::number(t) + u"\n```\n"_s + text.words(20);
            if (t == 0)
                c.header.title = rill::ConversationStore::titleFrom(question);
            textBytes += question.toUtf8().size() + answer.toUtf8().size();
            items << item(u"user"_s, question) << item(u"assistant"_s, answer);
        }
        c.header.created = start.addSecs(qint64(i) * 3000);
        c.header.updated = c.header.created.addSecs(600);
        c.items = items;
        QFile file(QDir(dir).filePath(c.header.id + u".json"_s));
        if (!file.open(QIODevice::WriteOnly) || file.write(rill::ConversationFile::encode(c)) < 0)
            qFatal("cannot write %s", qPrintable(file.fileName()));
    }
    return textBytes;
}

// Paints of a widget, to tell when the first frame with it is on screen.
class PaintWatcher : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
};

struct Opened
{
    double storeMs; // the store listing the conversations
    double firstFrameMs; // from nothing to the window's first frame
};

// Opens the window over `dir` and returns when its first frame is drawn.
Opened openWindow(const QString &dir, rill::ChatClient *client,
    std::unique_ptr<rill::ConversationStore> *store, std::unique_ptr<rill::MainWindow> *window)
{
    QElapsedTimer timer;
    timer.start();
    *store = std::make_unique<rill::ConversationStore>(dir);
    const double storeMs = double(timer.nsecsElapsed()) / 1e6;
    *window = std::make_unique<rill::MainWindow>(client, store->get());
    PaintWatcher watcher;
    QWidget *list = (*window)->sidebar()->listView()->viewport();
    list->installEventFilter(&watcher);
    (*window)->show();
    while (!watcher.painted)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    // The paint is flushed to the screen before processEvents returns.
    const double firstFrameMs = double(timer.nsecsElapsed()) / 1e6;
    list->removeEventFilter(&watcher);
    return { storeMs, firstFrameMs };
}

struct Timing
{
    double median;
    double max;
    int hits;
};

Timing timeSearch(const rill::SearchIndex &index, const QString &query, int runs)
{
    QList<double> ms;
    int hits = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        hits = int(index.search(query, 50).size());
        ms << double(timer.nsecsElapsed()) / 1e6;
    }
    std::sort(ms.begin(), ms.end());
    return { ms.at(ms.size() / 2), ms.last(), hits };
}

// Typing the query in the sidebar until its results are drawn.
double timeSidebarSearch(rill::MainWindow &window, const QString &query)
{
    QLineEdit *field = window.sidebar()->searchField();
    QWidget *results = window.sidebar()->resultsView()->viewport();
    field->clear();
    QCoreApplication::processEvents();
    PaintWatcher watcher;
    results->installEventFilter(&watcher);
    QElapsedTimer timer;
    timer.start();
    field->setText(query);
    while (!watcher.painted)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    results->removeEventFilter(&watcher);
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"rill-bench-search"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions(
        { { u"conversations"_s, u"How many conversations (default 10000)."_s, u"n"_s, u"10000"_s },
            { u"dir"_s, u"Where to write them (default: a temporary folder)."_s, u"path"_s },
            { u"search-only"_s, u"Only time searches of the index already in --dir."_s } });
    parser.process(app);
    const int count = parser.value(u"conversations"_s).toInt();
    QTemporaryDir temporary;
    const QString dir = parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) : temporary.path();
    QDir().mkpath(dir);

    if (parser.isSet(u"search-only"_s)) {
        rill::SearchIndex index(QDir(dir).filePath(rill::ConversationStore::indexFileName()));
        QElapsedTimer t;
        t.start();
        const auto entries = index.entries();
        std::printf("entries: %lld in %.1f ms\n", qlonglong(entries.size()),
            double(t.nsecsElapsed()) / 1e6);
        t.restart();
        const auto infos = QDir(dir).entryInfoList({ u"*.json"_s }, QDir::Files, QDir::NoSort);
        for (const QFileInfo &info : infos)
            (void)info.lastModified();
        std::printf(
            "list: %lld in %.1f ms\n", qlonglong(infos.size()), double(t.nsecsElapsed()) / 1e6);
        t.restart();
        {
            rill::ConversationStore store(dir);
            std::printf("store: %.1f ms\n", double(t.nsecsElapsed()) / 1e6);
        }
        for (const QString &q : { kRareWord, u"function"_s, u"ix"_s, u"qz"_s }) {
            const Timing t = timeSearch(index, q, 21);
            std::printf("%s: median %.2f ms, max %.2f ms\n", qPrintable(q), t.median, t.max);
        }
        return 0;
    }
    QElapsedTimer timer;
    timer.start();
    const qint64 textBytes = writeConversations(dir, count);
    std::printf("wrote %d conversations, %.1f MB of text, in %.1f s\n", count,
        double(textBytes) / 1e6, double(timer.elapsed()) / 1e3);

    rill::ChatClient client;
    std::unique_ptr<rill::ConversationStore> store;
    std::unique_ptr<rill::MainWindow> window;
    // First: no index yet (the first start after an upgrade, or a lost index).
    QFile::remove(QDir(dir).filePath(rill::ConversationStore::indexFileName()));
    timer.restart();
    const Opened cold = openWindow(dir, &client, &store, &window);
    std::printf("without an index: store %.0f ms, first frame %.0f ms, %lld conversations "
                "listed\n",
        cold.storeMs, cold.firstFrameMs, qlonglong(store->headers().size()));
    QSignalSpy synced(store->searchIndex(), &rill::SearchIndex::synced);
    if (store->searchIndex()->isSyncing() && !synced.wait(30 * 60 * 1000))
        qFatal("the index was not built");
    const double buildS = double(timer.elapsed()) / 1e3;
    const qint64 indexBytes
        = QFileInfo(QDir(dir).filePath(rill::ConversationStore::indexFileName())).size()
        + QFileInfo(QDir(dir).filePath(rill::ConversationStore::indexFileName() + u"-wal"_s))
              .size();
    std::printf(
        "index built in the background in %.1f s: %.1f MB\n", buildS, double(indexBytes) / 1e6);
    window.reset();
    store.reset();

    // Then: an ordinary start, the index up to date.
    const Opened warm = openWindow(dir, &client, &store, &window);
    std::printf(
        "with the index: store %.0f ms, first frame %.0f ms\n", warm.storeMs, warm.firstFrameMs);

    struct Query
    {
        const char *name;
        QString text;
    };
    const QList<Query> queries { { "rare", kRareWord }, { "one_in_100", kSomeWord },
        { "common", u"function"_s }, { "two_words", u"error example"_s }, { "short", u"ix"_s },
        { "short_none", u"qz"_s }, { "no_match", u"xylophonic"_s } };
    QStringList json;
    double worstMedian = 0;
    for (const Query &query : queries) {
        const Timing t = timeSearch(*store->searchIndex(), query.text, 21);
        worstMedian = std::max(worstMedian, t.median);
        std::printf("search %-10s \"%s\": median %.2f ms, max %.2f ms, %d results\n", query.name,
            qPrintable(query.text), t.median, t.max, t.hits);
        json << u"\"%1\":{\"median_ms\":%2,\"max_ms\":%3,\"results\":%4}"_s
                    .arg(QLatin1String(query.name))
                    .arg(t.median, 0, 'f', 3)
                    .arg(t.max, 0, 'f', 3)
                    .arg(t.hits);
    }
    const double sidebarRare = timeSidebarSearch(*window, kRareWord);
    const double sidebarCommon = timeSidebarSearch(*window, u"function"_s);
    std::printf("typed in the sidebar until drawn: rare %.1f ms, common %.1f ms\n", sidebarRare,
        sidebarCommon);
    std::printf("{\"conversations\":%d,\"text_mb\":%.1f,\"cold_store_ms\":%.1f,"
                "\"cold_first_frame_ms\":%.1f,\"index_build_s\":%.2f,\"index_mb\":%.1f,"
                "\"warm_store_ms\":%.1f,\"warm_first_frame_ms\":%.1f,\"search\":{%s},"
                "\"worst_median_search_ms\":%.3f,\"sidebar_rare_ms\":%.2f,"
                "\"sidebar_common_ms\":%.2f}\n",
        count, double(textBytes) / 1e6, cold.storeMs, cold.firstFrameMs, buildS,
        double(indexBytes) / 1e6, warm.storeMs, warm.firstFrameMs, qPrintable(json.join(u',')),
        worstMedian, sidebarRare, sidebarCommon);
    return 0;
}
