<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>rill::ChatClient</name>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="42"/>
        <source>no data from the server for %1 s</source>
        <translation>服务器 %1 秒内没有发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="151"/>
        <source>The server answered with &quot;%1&quot;, not an event stream (text/event-stream).</source>
        <translation>服务器返回的是“%1”，而不是事件流（text/event-stream）。</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="152"/>
        <source>no content type</source>
        <translation>无内容类型</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="177"/>
        <source>The server sent an event that is not a JSON object (%1): %2</source>
        <translation>服务器发送的事件不是 JSON 对象（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="219"/>
        <source>The server answered %1: %2</source>
        <translation>服务器返回 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="220"/>
        <source>Cannot reach the server at %1: %2</source>
        <translation>无法连接到服务器 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="244"/>
        <source>the stream ended before its done event</source>
        <translation>数据流在收到完成事件前就结束了</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="250"/>
        <source>Connection lost: %1</source>
        <translation>连接已断开：%1</translation>
    </message>
</context>
<context>
    <name>rill::ConnectionSettings</name>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="41"/>
        <source>Enter the server&apos;s address, for example http://127.0.0.1:8000/</source>
        <translation>请输入服务器地址，例如 http://127.0.0.1:8000/</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="44"/>
        <source>This is not a valid URL: %1</source>
        <translation>这不是有效的网址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="47"/>
        <source>The address must start with http:// or https://</source>
        <translation>地址必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="49"/>
        <source>The address has no host name, for example http://example.com:8000/</source>
        <translation>地址缺少主机名，例如 http://example.com:8000/</translation>
    </message>
</context>
<context>
    <name>rill::MainWindow</name>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="26"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="28"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="30"/>
        <source>Streaming</source>
        <translation>正在接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="32"/>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="45"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="79"/>
        <source>&amp;New Chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="82"/>
        <source>Start a new conversation</source>
        <translation>开始新的对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="86"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="93"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="99"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="106"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="122"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>输入消息。按 Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="206"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="206"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="207"/>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="207"/>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="215"/>
        <source>No server</source>
        <translation>未设置服务器</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="215"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
</context>
<context>
    <name>rill::PlanCardPainter</name>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="85"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
</context>
<context>
    <name>rill::SettingsDialog</name>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="17"/>
        <source>&amp;Embedded server (on this computer)</source>
        <translation>内置服务器（在本机运行）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="18"/>
        <source>&amp;Remote server</source>
        <translation>远程服务器(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="24"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="37"/>
        <source>Only if the server asks for one</source>
        <translation>仅在服务器要求时填写</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="45"/>
        <source>&amp;URL:</source>
        <translation>地址(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="47"/>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>rill::StreamListener</name>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="76"/>
        <source>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</source>
        <translation>%1 返回的 Content-Type 是“%2”，而不是 text/event-stream</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="103"/>
        <source>cannot reach %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="105"/>
        <source>%1 answered HTTP %2%3</source>
        <translation>%1 返回 HTTP %2%3</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="118"/>
        <source>the stream broke: %1</source>
        <translation>数据流中断：%1</translation>
    </message>
</context>
</TS>
