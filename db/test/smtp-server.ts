// A real (tiny) SMTP server for the tests of what Praxis mails.
import net from "node:net";

export type SmtpServer = { url: string; messages: string[]; close: () => Promise<void> };

/** A real (tiny) SMTP server on a free local port; recipients containing "reject" get a 550. */
export async function startSmtpServer(): Promise<SmtpServer> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let data: string[] | null = null;
    socket.write("220 praxis-test ESMTP\r\n");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === ".") {
            messages.push(data.join("\n"));
            data = null;
            socket.write("250 2.0.0 queued\r\n");
          } else data.push(line);
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO" || command === "HELO") socket.write("250 praxis-test\r\n");
        else if (command === "RCPT" && /reject/i.test(line)) socket.write("550 5.1.1 No such mailbox\r\n");
        else if (command === "DATA") {
          data = [];
          socket.write("354 go ahead\r\n");
        } else if (command === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

