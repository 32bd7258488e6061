from sprag import Module


class Statements(Module):
    def summarize(self, rows):
        total = 0
        names = []
        for row in rows:
            if not row:
                continue
            total += row["amount"]
            names.append(row["name"])
        for i in range(3):
            total -= i
        for i in range(10, 0, -2):
            total += i
        n = 0
        while n < 3:
            n += 1
            if n == 2:
                break
        a, b = names[0], names[1]
        try:
            value = self.parse(a)
        except Exception as err:
            value = None
            print(err)
        finally:
            print("done")
        return {"total": total, "first": a, "second": b, "value": value}

    def parse(self, text):
        return int(text)
