// The search index (SQLite FTS5) against real files: a save indexes, a change
// replaces, a delete removes; a conversation that was never opened is found;
// a damaged or missing database is made anew from the JSON files, losing none.
#include "ui/store/conversationfile.h"
#include "ui/store/conversationstore.h"
#include "ui/store/searchindex.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::Conversation;
using rill::ConversationStore;
using rill::SearchIndex;

namespace {

QJsonObject item(const QString &kind, const QString &text)
{
    return { { u"kind"_s, kind }, { u"text"_s, text } };
}

Conversation conversation(const QString &title, const QString &question, const QString &answer)
{
    Conversation c;
    c.header.title = title;
    c.items = { item(u"user"_s, question), item(u"assistant"_s, answer) };
    return c;
}

QStringList idsOf(const QList<SearchIndex::Hit> &hits)
{
    QStringList ids;
    for (const SearchIndex::Hit &hit : hits)
        ids << hit.id;
    return ids;
}

// What the UI shows: the snippet with its marks as brackets.
QString marked(QString snippet)
{
    return snippet.replace(SearchIndex::kMarkStart, u'[').replace(SearchIndex::kMarkEnd, u']');
}

} // namespace

class TestSearchIndex : public QObject
{
    Q_OBJECT

private slots:
    void saveIndexesTitleAndContent()
    {
        QTemporaryDir dir;
        ConversationStore store(dir.path());
        const auto soup = store.save(conversation(
            u"Soup"_s, u"How do I make borscht?"_s, u"Boil beetroot with cabbage and dill."_s));
        const auto trip = store.save(
            conversation(u"Trip to Kyoto"_s, u"Plan two days"_s, u"Visit Fushimi Inari."_s));
        QVERIFY(soup && trip);
        SearchIndex *index = store.searchIndex();
        QCOMPARE(idsOf(index->search(u"beetroot"_s)), QStringList { soup->id });
        QCOMPARE(idsOf(index->search(u"kyoto"_s)), QStringList { trip->id }); // the title
        QCOMPARE(idsOf(index->search(u"INARI"_s)), QStringList { trip->id }); // any case
        QCOMPARE(idsOf(index->search(u"eetroo"_s)), QStringList { soup->id }); // inside a word
        // Every word must be there, in the title or the text.
        QCOMPARE(idsOf(index->search(u"soup dill"_s)), QStringList { soup->id });
        QVERIFY(index->search(u"soup fushimi"_s).isEmpty());
        QVERIFY(index->search(u"lasagne"_s).isEmpty());
        const QString snippet = marked(index->search(u"cabbage"_s).value(0).snippet);
        QVERIFY2(snippet.contains(u"with [cabbage]"_s), qPrintable(snippet));
    }

    void shortTermsAndQuotesAreSearchedForLiterally()
    {
        QTemporaryDir dir;
        ConversationStore store(dir.path());
        const auto c = store.save(conversation(u"Go"_s, u"What is 5% of \"x\"?"_s, u"Ask 中文"_s));
        QVERIFY(c);
        SearchIndex *index = store.searchIndex();
        QCOMPARE(idsOf(index->search(u"中文"_s)), QStringList { c->id }); // two characters
        QCOMPARE(idsOf(index->search(u"5%"_s)), QStringList { c->id });
        QCOMPARE(idsOf(index->search(u"\"x\"?"_s)), QStringList { c->id });
        QVERIFY(index->search(u"7%"_s).isEmpty());
        QVERIFY(index->search(u"OR"_s).isEmpty());
        QVERIFY(marked(index->search(u"5%"_s).value(0).snippet).contains(u"[5%]"_s));
    }

    void updateReplacesAndRemoveForgets()
    {
        QTemporaryDir dir;
        ConversationStore store(dir.path());
        auto saved = store.save(conversation(u"Draft"_s, u"first"_s, u"apricot"_s));
        QVERIFY(saved);
        Conversation changed = conversation(u"Draft"_s, u"first"_s, u"blueberry"_s);
        changed.header = *saved;
        QVERIFY(store.save(changed));
        SearchIndex *index = store.searchIndex();
        QVERIFY(index->search(u"apricot"_s).isEmpty());
        QCOMPARE(idsOf(index->search(u"blueberry"_s)), QStringList { saved->id });
        QVERIFY(store.rename(saved->id, u"Fruit salad"_s));
        QCOMPARE(idsOf(index->search(u"salad"_s)), QStringList { saved->id });
        QCOMPARE(index->count(), 1);
        QVERIFY(store.remove(saved->id));
        QVERIFY(index->search(u"blueberry"_s).isEmpty());
        QCOMPARE(index->count(), 0);
    }

    void backgroundSaveIsIndexed()
    {
        QTemporaryDir dir;
        ConversationStore store(dir.path());
        rill::ConversationHeader header;
        header.title = u"Later"_s;
        const auto saved = store.saveInBackground(header, [] {
            return QJsonArray { item(u"user"_s, u"q"_s), item(u"assistant"_s, u"marzipan"_s) };
        });
        QVERIFY(saved);
        store.waitForWrites();
        QCOMPARE(idsOf(store.searchIndex()->search(u"marzipan"_s)), QStringList { saved->id });
    }

    void conversationNeverOpenedIsFound()
    {
        // Files written by another Rill (or copied in): this store has never
        // saved or opened them, and finds them all the same.
        QTemporaryDir dir;
        QString id;
        {
            ConversationStore writer(dir.path());
            id = writer.save(conversation(u"Old"_s, u"q"_s, u"the word quokka"_s))->id;
        }
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(ConversationStore::indexFileName())));
        ConversationStore store(dir.path());
        QSignalSpy synced(store.searchIndex(), &SearchIndex::synced);
        QTRY_VERIFY(!synced.isEmpty() || !store.searchIndex()->isSyncing());
        store.searchIndex()->waitForSync();
        QCOMPARE(idsOf(store.searchIndex()->search(u"quokka"_s)), QStringList { id });
    }

    void fileChangedOrRemovedBehindItsBackIsFollowed()
    {
        QTemporaryDir dir;
        QString kept;
        QString gone;
        {
            ConversationStore writer(dir.path());
            kept = writer.save(conversation(u"A"_s, u"q"_s, u"walrus"_s))->id;
            gone = writer.save(conversation(u"B"_s, u"q"_s, u"narwhal"_s))->id;
        }
        // Another program rewrites one file and deletes the other.
        Conversation changed = conversation(u"A"_s, u"q"_s, u"pelican and more words"_s);
        changed.header.id = kept;
        changed.header.created = changed.header.updated = QDateTime::currentDateTimeUtc();
        QFile file(QDir(dir.path()).filePath(kept + u".json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(rill::ConversationFile::encode(changed));
        file.close();
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(gone + u".json"_s)));

        ConversationStore store(dir.path());
        store.searchIndex()->waitForSync();
        QCOMPARE(idsOf(store.searchIndex()->search(u"pelican"_s)), QStringList { kept });
        QVERIFY(store.searchIndex()->search(u"walrus"_s).isEmpty());
        QVERIFY(store.searchIndex()->search(u"narwhal"_s).isEmpty());
        QCOMPARE(store.headers().size(), 1);
    }

    void corruptDatabaseIsRebuiltFromTheFiles()
    {
        QTemporaryDir dir;
        QStringList ids;
        {
            ConversationStore writer(dir.path());
            for (int i = 0; i < 30; ++i)
                ids << writer
                           .save(conversation(u"Chat %1"_s.arg(i), u"q"_s,
                               u"answer with token%1x inside"_s.arg(i)))
                           ->id;
        }
        const QString path = QDir(dir.path()).filePath(ConversationStore::indexFileName());
        for (const QString &suffix : { u"-wal"_s, u"-shm"_s })
            QFile::remove(path + suffix);
        QFile db(path);
        QVERIFY(db.open(QIODevice::WriteOnly | QIODevice::Truncate));
        db.write(QByteArray(4096, 'x')); // not a database any more
        db.close();

        ConversationStore store(dir.path());
        QVERIFY(store.searchIndex()->wasRebuilt());
        QCOMPARE(store.headers().size(), 30); // every conversation is still listed
        store.searchIndex()->waitForSync();
        QCOMPARE(store.searchIndex()->count(), 30);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(idsOf(store.searchIndex()->search(u"token%1x"_s.arg(i))),
                QStringList { ids.at(i) });
        QVERIFY(store.load(ids.first()).has_value());
    }

    void quittingDuringASyncLosesNothing()
    {
        QTemporaryDir dir;
        {
            ConversationStore writer(dir.path());
            for (int i = 0; i < 300; ++i)
                writer.save(conversation(u"C%1"_s.arg(i), u"q"_s, u"word%1x"_s.arg(i)));
        }
        const QString path = QDir(dir.path()).filePath(ConversationStore::indexFileName());
        QVERIFY(QFile::remove(path));
        {
            // Gone before its sync has had time to index them all.
            ConversationStore quitter(dir.path());
        }
        ConversationStore store(dir.path());
        QCOMPARE(store.headers().size(), 300);
        store.searchIndex()->waitForSync();
        QCOMPARE(store.searchIndex()->count(), 300);
        QCOMPARE(store.searchIndex()->search(u"word299x"_s).size(), 1);
    }

    void headersComeFromTheIndexWhenFilesAreUnchanged()
    {
        QTemporaryDir dir;
        QString id;
        rill::ConversationHeader saved;
        {
            ConversationStore writer(dir.path());
            Conversation c = conversation(u"Listed"_s, u"q"_s, u"a"_s);
            c.header.sessionId = u"session-1"_s;
            c.header.options = QJsonObject { { u"model"_s, u"small-model"_s } };
            saved = *writer.save(c);
            id = saved.id;
        }
        ConversationStore store(dir.path());
        // Every field as the file has it, though only the index was read.
        QCOMPARE(store.header(id), std::optional(saved));
        QVERIFY(store.problems().isEmpty());
        // A file damaged since it was indexed is read (and reported), not
        // listed from the index.
        QFile file(QDir(dir.path()).filePath(id + u".json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"version\":1,");
        file.close();
        store.reload();
        QVERIFY(!store.contains(id));
        QCOMPARE(store.problems().size(), 1);
    }

    void memoryStoreIsSearchable()
    {
        ConversationStore store { QString() };
        const auto saved = store.save(conversation(u"M"_s, u"q"_s, u"in memory only"_s));
        QVERIFY(saved);
        QCOMPARE(idsOf(store.searchIndex()->search(u"memory"_s)), QStringList { saved->id });
    }
};

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "tst_searchindex.moc"
