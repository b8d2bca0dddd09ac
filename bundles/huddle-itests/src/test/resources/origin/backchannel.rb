# backchannel, the Ruby multicast chat of seed 001 (shared/seeds/001_1014914c4c63646d.txt), for tests.
#
# Message and Client are the text's classes as written: 224.6.8.11:6811, IP_ADD_MEMBERSHIP with
# INADDR_ANY, TTL 1, SO_REUSEPORT only, bind 0.0.0.0:6811, recvfrom(1024), JSON.parse + fetch, own
# client_id dropped, and a receive thread that nothing rescues: one datagram that is not a JSON object
# with all three keys (or a longer one, truncated to 1024 bytes) kills it, Ruby reports that on stderr
# (Thread.report_on_exception, on by default) and the client never shows anything again.
#
# Only the UI changed: the curses Window is replaced by a headless one with the same behaviour. It
# prints every message it is given as "<handle>: <content>" (received ones, and its own as sent, as the
# curses window draws both), transmits each non-empty stdin line, and prints "ready <client_id>" once
# the client listens. At the end of stdin it keeps listening until it is killed. Handle: ARGV[0].
#
# Usage: ruby backchannel.rb <handle>

require "json"
require "socket"
require "thread"
require "ipaddr"
require "securerandom"

class Message
  attr_reader :client_id, :handle, :content

  def self.inflate(json)
    attributes = JSON.parse(json)
    new(attributes)
  end

  def initialize(attributes={})
    @client_id = attributes.fetch("client_id")
    @handle = attributes.fetch("handle")
    @content = attributes.fetch("content")
  end

  def to_json
    { client_id: client_id, handle: handle, content: content }.to_json
  end
end

class Client
  MULTICAST_ADDR = "224.6.8.11"
  BIND_ADDR = "0.0.0.0"
  PORT = 6811

  def initialize(handle)
    @handle    = handle
    @client_id = SecureRandom.hex(5)
    @listeners = []
  end

  def add_message_listener(listener)
    listen unless listening?
    @listeners << listener
  end

  def transmit(content)
    message = Message.new(
      "client_id" => @client_id,
      "handle"    => @handle,
      "content"   => content
    )

    socket.send(message.to_json, 0, MULTICAST_ADDR, PORT)
    message
  end

  private

  def listen
    socket.bind(BIND_ADDR, PORT)

    Thread.new do
      loop do
        attributes, _ = socket.recvfrom(1024)
        message = Message.inflate(attributes)

        unless message.client_id == @client_id
          @listeners.each { |listener| listener.new_message(message) }
        end
      end
    end

    @listening = true
  end

  def listening?
    @listening == true
  end

  def socket
    @socket ||= UDPSocket.open.tap do |socket|
      socket.setsockopt(:IPPROTO_IP, :IP_ADD_MEMBERSHIP, bind_address)
      socket.setsockopt(:IPPROTO_IP, :IP_MULTICAST_TTL, 1)
      socket.setsockopt(:SOL_SOCKET, :SO_REUSEPORT, 1)
    end
  end

  def bind_address
    IPAddr.new(MULTICAST_ADDR).hton + IPAddr.new(BIND_ADDR).hton
  end
end

# The text's Window without curses: stdin for getstr, one stdout line per message for redraw.
class Window
  def initialize(client)
    @client = client
    @messages = []
  end

  def start
    @client.add_message_listener(self)
    # Client keeps its id to itself; the tests need it to tell its datagrams from others'.
    puts "ready #{@client.instance_variable_get(:@client_id)}"

    loop do
      capture_input
    end
  end

  def new_message(message)
    @messages << message
    redraw
  end

  private

  def capture_input
    line = $stdin.gets
    # A curses getstr never sees the end of its terminal; here the receive thread goes on alone. A timed
    # sleep: Ruby aborts a process whose threads all sleep for ever, as this one would once that thread died.
    loop { sleep 60 } if line.nil?
    content = line.chomp

    if content.length > 0
      message = @client.transmit(content)
      new_message(message)
    end
  end

  def redraw
    puts "#{@messages.last.handle}: #{@messages.last.content}"
  end
end

$stdout.sync = true
Window.new(Client.new(ARGV.fetch(0))).start
