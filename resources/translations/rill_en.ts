<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>rill::ChatClient</name>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="42"/>
        <source>no data from the server for %1 s</source>
        <translation>no data from the server for %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="151"/>
        <source>The server answered with &quot;%1&quot;, not an event stream (text/event-stream).</source>
        <translation>The server answered with &quot;%1&quot;, not an event stream (text/event-stream).</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="152"/>
        <source>no content type</source>
        <translation>no content type</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="177"/>
        <source>The server sent an event that is not a JSON object (%1): %2</source>
        <translation>The server sent an event that is not a JSON object (%1): %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="219"/>
        <source>The server answered %1: %2</source>
        <translation>The server answered %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="220"/>
        <source>Cannot reach the server at %1: %2</source>
        <translation>Cannot reach the server at %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="244"/>
        <source>the stream ended before its done event</source>
        <translation>the stream ended before its done event</translation>
    </message>
    <message>
        <location filename="../../ui/net/chatclient.cpp" line="250"/>
        <source>Connection lost: %1</source>
        <translation>Connection lost: %1</translation>
    </message>
</context>
<context>
    <name>rill::ConnectionSettings</name>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="41"/>
        <source>Enter the server&apos;s address, for example http://127.0.0.1:8000/</source>
        <translation>Enter the server&apos;s address, for example http://127.0.0.1:8000/</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="44"/>
        <source>This is not a valid URL: %1</source>
        <translation>This is not a valid URL: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="47"/>
        <source>The address must start with http:// or https://</source>
        <translation>The address must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/connectionsettings.cpp" line="49"/>
        <source>The address has no host name, for example http://example.com:8000/</source>
        <translation>The address has no host name, for example http://example.com:8000/</translation>
    </message>
</context>
<context>
    <name>rill::MainWindow</name>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="26"/>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="28"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="30"/>
        <source>Streaming</source>
        <translation>Streaming</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="32"/>
        <source>Reconnecting</source>
        <translation>Reconnecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="45"/>
        <source>Rill</source>
        <translation>Rill</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="79"/>
        <source>&amp;New Chat</source>
        <translation>&amp;New Chat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="82"/>
        <source>Start a new conversation</source>
        <translation>Start a new conversation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="86"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="93"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="99"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="106"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="122"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>Write a message. Enter sends, Shift+Enter starts a new line.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="206"/>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="206"/>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="207"/>
        <source>Stop the answer</source>
        <translation>Stop the answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="207"/>
        <source>Send the message (Enter)</source>
        <translation>Send the message (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="215"/>
        <source>No server</source>
        <translation>No server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/mainwindow.cpp" line="215"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
</context>
<context>
    <name>rill::PlanCardPainter</name>
    <message>
        <location filename="../../ui/widgets/plancardpainter.cpp" line="85"/>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
</context>
<context>
    <name>rill::SettingsDialog</name>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="17"/>
        <source>&amp;Embedded server (on this computer)</source>
        <translation>&amp;Embedded server (on this computer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="18"/>
        <source>&amp;Remote server</source>
        <translation>&amp;Remote server</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="24"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="37"/>
        <source>Only if the server asks for one</source>
        <translation>Only if the server asks for one</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="45"/>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settingsdialog.cpp" line="47"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
</context>
<context>
    <name>rill::StreamListener</name>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="76"/>
        <source>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</source>
        <translation>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="103"/>
        <source>cannot reach %1: %2</source>
        <translation>cannot reach %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="105"/>
        <source>%1 answered HTTP %2%3</source>
        <translation>%1 answered HTTP %2%3</translation>
    </message>
    <message>
        <location filename="../../ui/net/streamlistener.cpp" line="118"/>
        <source>the stream broke: %1</source>
        <translation>the stream broke: %1</translation>
    </message>
</context>
</TS>
