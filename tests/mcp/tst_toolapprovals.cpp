// The registry of tool calls waiting for a person (server/agent/toolapproval.h)
// and the body of POST /chat/approval (server/http/approvalroute.h).
#include "server/agent/toolapproval.h"
#include "server/http/approvalroute.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill;
using namespace std::chrono_literals;

class TestToolApprovals : public QObject
{
    Q_OBJECT
private slots:
    void answeredOnce();
    void timesOutAsDeny();
    void withdrawnWhenItsRunStops();
    void unknownSessionAndCall();
    void bodyErrorsNameTheField();
};

void TestToolApprovals::answeredOnce()
{
    ToolApprovals approvals;
    QObject run;
    PendingApproval *pending = approvals.ask(u"s1"_s, 60s, &run);
    QSignalSpy decided(pending, &PendingApproval::decided);
    QCOMPARE(approvals.pendingCount(), 1);
    QCOMPARE(approvals.answer(u"s1"_s, pending->callId(), ApprovalDecision::AllowAlways),
        ToolApprovals::Answer::Accepted);
    QCOMPARE(decided.size(), 1);
    QCOMPARE(decided.at(0).at(0).value<ApprovalDecision>(), ApprovalDecision::AllowAlways);
    QCOMPARE(decided.at(0).at(1).toBool(), false);
    QString outcome;
    QCOMPARE(approvals.answer(u"s1"_s, pending->callId(), ApprovalDecision::Deny, &outcome),
        ToolApprovals::Answer::AlreadyDecided);
    QCOMPARE(outcome, u"allowed always"_s);
    QCOMPARE(decided.size(), 1);
    QCOMPARE(approvals.pendingCount(), 0);
}

void TestToolApprovals::timesOutAsDeny()
{
    ToolApprovals approvals;
    QObject run;
    PendingApproval *pending = approvals.ask(u"s1"_s, 50ms, &run);
    QSignalSpy decided(pending, &PendingApproval::decided);
    QVERIFY(decided.wait(5000));
    QCOMPARE(decided.at(0).at(0).value<ApprovalDecision>(), ApprovalDecision::Deny);
    QCOMPARE(decided.at(0).at(1).toBool(), true);
    QString outcome;
    QCOMPARE(approvals.answer(u"s1"_s, pending->callId(), ApprovalDecision::Allow, &outcome),
        ToolApprovals::Answer::AlreadyDecided);
    QCOMPARE(outcome, u"timed out"_s);
}

void TestToolApprovals::withdrawnWhenItsRunStops()
{
    ToolApprovals approvals;
    QString callId;
    {
        QObject run;
        callId = approvals.ask(u"s1"_s, 60s, &run)->callId();
    }
    QCOMPARE(approvals.pendingCount(), 0);
    QString outcome;
    QCOMPARE(approvals.answer(u"s1"_s, callId, ApprovalDecision::Allow, &outcome),
        ToolApprovals::Answer::AlreadyDecided);
    QVERIFY(outcome.contains(u"stopped"_s));
}

void TestToolApprovals::unknownSessionAndCall()
{
    ToolApprovals approvals;
    QObject run;
    const QString callId = approvals.ask(u"s1"_s, 60s, &run)->callId();
    QVERIFY(callId != approvals.ask(u"s1"_s, 60s, &run)->callId());
    QCOMPARE(approvals.answer(u"s2"_s, callId, ApprovalDecision::Allow),
        ToolApprovals::Answer::UnknownSession);
    QCOMPARE(approvals.answer(u"s1"_s, u"call-other"_s, ApprovalDecision::Allow),
        ToolApprovals::Answer::UnknownCall);
    QCOMPARE(approvals.pendingCount(), 2);
}

void TestToolApprovals::bodyErrorsNameTheField()
{
    const auto status = [](const QByteArray &type, const QByteArray &body) {
        return ApprovalRoute::answer(nullptr, type, body);
    };
    QCOMPARE(status("text/plain", "{}").status, 415);
    QCOMPARE(status("application/json", "[1]").status, 400);
    QVERIFY(status({}, R"({"sessionId":1,"callId":"c","decision":"deny"})")
                .reason.startsWith(u"sessionId:"_s));
    QVERIFY(status({}, R"({"sessionId":"s","callId":"","decision":"deny"})")
                .reason.startsWith(u"callId:"_s));
    QVERIFY(status({}, R"({"sessionId":"s","callId":"c","decision":"Allow"})")
                .reason.startsWith(u"decision:"_s));
    QCOMPARE(status("application/json; charset=utf-8",
                 R"({"sessionId":"s","callId":"c","decision":"allow-always"})")
                 .status,
        404); // well formed, and no tools at all
}

QTEST_GUILESS_MAIN(TestToolApprovals)
#include "tst_toolapprovals.moc"
