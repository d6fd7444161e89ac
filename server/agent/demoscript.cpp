#include "server/agent/demoscript.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace rill {

namespace {

// Each string of the script in both languages; zh_CN is the seed's and the default.
struct Text
{
    const char16_t *zh;
    const char16_t *en;
};

const Text kGreetingQuestion { u"请问您想听什么曲子？", u"What would you like to listen to?" };
const Text kGreetingSong { u"好的，我来为您准备《%1》。",
    u"Sure, let me get \"%1\" ready for you." };
const Text kPlan[] = {
    { u"下载歌曲", u"Download the song" },
    { u"分析歌曲", u"Analyse the song" },
    { u"解析参数", u"Resolve the parameters" },
};
const Text kRunning[] = {
    { u"正在下载歌曲…", u"Downloading the song…" },
    { u"正在分析歌曲…", u"Analysing the song…" },
    { u"正在解析参数…", u"Resolving the parameters…" },
};
const Text kDone[] = {
    { u"已下载《%1》（%2:%3）", u"Downloaded \"%1\" (%2:%3)" },
    { u"节奏 %1 BPM，%2 调", u"Tempo %1 BPM, key of %2" },
    { u"音量 %1%，均衡器：%2", u"Volume %1%, equaliser: %2" },
};
const Text kFailed { u"失败：音频文件已损坏", u"Failed: the audio file is corrupt" };
const Text kFailureReason { u"第 %1 步失败：音频文件已损坏",
    u"Step %1 failed: the audio file is corrupt" };
const Text kSomeSong { u"随机推荐", u"a surprise pick" };
const Text kAnswer { u"**《%1》** 已准备好：\n\n- 时长 %2:%3\n- 节奏 %4 BPM，%5 调\n- 音量 "
                     u"%6%，均衡器：%7\n\n祝您聆听愉快！",
    u"**\"%1\"** is ready:\n\n- length %2:%3\n- tempo %4 BPM, key of %5\n- volume %6%, equaliser: "
    u"%7\n\nEnjoy!" };
const char16_t *const kKeys[] = { u"C", u"D", u"E", u"F", u"G", u"A", u"B" };
const Text kEqualisers[] = { { u"流行", u"pop" }, { u"摇滚", u"rock" }, { u"古典", u"classical" } };

// The details are made up, but the same song always gets the same ones.
struct SongFacts
{
    int minutes, seconds, bpm, volume;
    QString key;
    int equaliser;
};

SongFacts factsFor(const QString &song)
{
    uint sum = 0;
    for (const QChar c : song)
        sum = sum * 31 + c.unicode();
    return { int(3 + sum % 3), int(sum / 7 % 60), int(70 + sum % 80), int(50 + sum / 3 % 40),
        QString::fromUtf16(kKeys[sum / 11 % 7]), int(sum / 13 % 3) };
}

} // namespace

QString DemoScript::songFrom(const QString &userMessage)
{
    static const QRegularExpression request(
        QStringLiteral("^(?:我想听|我要听|想听|请播放|播放|放一首|来一首|"
                       "(?:(?:please\\s+)?play|i(?:'d| would) like to hear|i want to hear|"
                       "i want to listen to|put on)\\b)\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    QString song = userMessage.trimmed();
    song.remove(request);
    // Quotes and trailing punctuation are not part of the title.
    static const QRegularExpression wrapping(
        QStringLiteral("^[\\s\"'“”‘’《「]+|[\\s\"'“”‘’》」。.!！?？,，]+$"));
    song.remove(wrapping);
    return song.left(60);
}

DemoScript DemoScript::build(const Options &options)
{
    const bool zh = !options.language.startsWith(QLatin1String("en"));
    const auto text = [zh](const Text &t) { return QString::fromUtf16(zh ? t.zh : t.en); };

    DemoScript script;
    const QString song = songFrom(options.userMessage);
    script.messages.append(Message::make(MessageType::Assistant,
        song.isEmpty() ? text(kGreetingQuestion) : text(kGreetingSong).arg(song), 200));

    const int steps = qMax(1, options.steps);
    const QString padding(qMax(0, options.payloadBytes), u'x');
    const auto padded = [&](const QString &content) { return content + padding; };
    // Plans longer than the seed's three repeat its steps.
    for (int step = 1; step <= steps; ++step) {
        script.messages.append(Message::make(MessageType::Planning,
            padded(QStringLiteral("%1. %2").arg(step).arg(text(kPlan[(step - 1) % 3]))),
            std::nullopt, { { QStringLiteral("step"), step } }));
    }

    const QString title = song.isEmpty() ? text(kSomeSong) : song;
    const SongFacts facts = factsFor(title);
    const QString twoDigitSeconds
        = QStringLiteral("%1").arg(facts.seconds, 2, 10, QLatin1Char('0'));
    const QString equaliser = text(kEqualisers[facts.equaliser]);
    const QString doneDetails[] = {
        text(kDone[0]).arg(title).arg(facts.minutes).arg(twoDigitSeconds),
        text(kDone[1]).arg(facts.bpm).arg(facts.key),
        text(kDone[2]).arg(facts.volume).arg(equaliser),
    };

    for (int step = 1; step <= steps; ++step) {
        const auto stepEvent = [&](const QString &content, const QString &state) {
            return Message::make(MessageType::Step, padded(content), std::nullopt,
                { { QStringLiteral("step"), step }, { QStringLiteral("state"), state } });
        };
        script.messages.append(
            stepEvent(text(kRunning[(step - 1) % 3]), QStringLiteral("running")));
        if (step == options.failAtStep) {
            script.messages.append(stepEvent(text(kFailed), QStringLiteral("failed")));
            script.failureReason = text(kFailureReason).arg(step);
            return script;
        }
        script.messages.append(stepEvent(doneDetails[(step - 1) % 3], QStringLiteral("done")));
    }

    script.messages.append(Message::make(MessageType::Assistant,
        text(kAnswer)
            .arg(title)
            .arg(facts.minutes)
            .arg(twoDigitSeconds)
            .arg(facts.bpm)
            .arg(facts.key)
            .arg(facts.volume)
            .arg(equaliser),
        200));
    return script;
}

} // namespace rill
