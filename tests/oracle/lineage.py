"""Per-column lineage truth from PostgreSQL's own query trees.

PostgreSQL stores every view as its analysed query tree (pg_rewrite.ev_action,
the rule "_RETURN", printed by nodeToString). That tree is PostgreSQL's own
name resolution: every column reference is a Var pointing at a range-table
entry by number (aliases, USING/NATURAL merges, CTEs, subqueries and `*`
already resolved by the server). Expanding a view means substituting its
stored query, exactly as the rewriter does. This module parses the tree and
resolves each output column of a view to the base-table columns whose values
reach it:

  * Var on a table/matview/foreign table      -> that column (whole-row: all)
  * Var on a view                              -> that view's query, same column
  * Var on a subquery / CTE                    -> that query's output column
  * Var on a join (USING/NATURAL/alias vars)   -> the join alias expression
  * Var on VALUES                              -> that position of every row
  * set operations (UNION ...)                 -> the same column of every leaf
  * scalar / ARRAY subquery in an expression   -> its single output column
  * EXISTS                                     -> nothing (documented rule)
  * count(...) aggregate or window function    -> nothing (documented rule)
  * other aggregates: their value arguments; an aggregate's own ORDER BY
    (resjunk arguments) and FILTER only choose/order rows and are not values
    (for ordered-set aggregates, WITHIN GROUP arguments are the values)
  * window functions: their arguments; PARTITION BY / ORDER BY are not values
  * (whole_row).field                         -> that column
  * every other expression (functions, operators, casts, CASE incl. its
    conditions, COALESCE, ROW(...)): every column reference in it

Anything else (set-returning functions in FROM, table functions, IN/ANY/ALL
sublinks, params, GROUPING(), ...) raises Skip: the column is reported as
skipped, never guessed.
"""


class Skip(Exception):
    pass


# ---------------------------------------------------------------- parser

def _tokens(text):
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in "(){}":
            yield c
            i += 1
            continue
        buf = []
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            if c.isspace() or c in "(){}":
                break
            buf.append(c)
            i += 1
        yield "".join(buf)


class _Parser:
    def __init__(self, text):
        self.toks = list(_tokens(text))
        self.pos = 0

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def next(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def value(self):
        t = self.next()
        if t == "{":
            node = {"_type": self.next()}
            while self.peek() != "}":
                field = self.next()
                if not field.startswith(":"):
                    raise ValueError(f"expected field, got {field!r} in {node['_type']}")
                vals = []
                while self.peek() not in ("}",) and not (self.peek().startswith(":") and len(self.peek()) > 1):
                    vals.append(self.value())
                node[field[1:]] = vals[0] if len(vals) == 1 else (None if not vals else vals)
            self.next()
            return node
        if t == "(":
            items = []
            if self.peek() in ("i", "o", "b", "x"):
                self.next()
            while self.peek() != ")":
                items.append(self.value())
            self.next()
            return items
        if t == "<>":
            return None
        if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
            return t[1:-1]
        return t


def parse_node_tree(text):
    p = _Parser(text)
    v = p.value()
    return v


# ---------------------------------------------------------------- resolver

RTE_RELATION, RTE_SUBQUERY, RTE_JOIN, RTE_FUNCTION, RTE_TABLEFUNC, RTE_VALUES, RTE_CTE = range(7)
SETOP_UNION = 1
EXISTS_SUBLINK, ALL_SUBLINK, ANY_SUBLINK, ROWCOMPARE_SUBLINK, EXPR_SUBLINK, MULTIEXPR_SUBLINK, ARRAY_SUBLINK = range(7)


def _list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


class Resolver:
    """rels: oid -> (schema, name, relkind); attrs: oid -> {attnum: name};
    rules: view oid -> ev_action text; count_oids / ordered_set_oids: aggregate oids."""

    def __init__(self, rels, attrs, rules, count_oids, ordered_set_oids):
        self.rels, self.attrs, self.rules = rels, attrs, rules
        self.count_oids, self.ordered_set_oids = count_oids, ordered_set_oids
        self._queries = {}

    def view_query(self, oid):
        if oid not in self._queries:
            tree = parse_node_tree(self.rules[oid])
            q = _list(tree)[0]
            if q.get("_type") != "QUERY":
                raise Skip("view rule is not a query")
            self._queries[oid] = q
        return self._queries[oid]

    def view_columns(self, oid):
        """Per output column of view `oid`: (name, set of base columns) or (name, Skip reason)."""
        q = self.view_query(oid)
        out = []
        for attnum, name in sorted(self.attrs[oid].items()):
            try:
                out.append((name, self.query_column(q, [], attnum, frozenset())))
            except Skip as e:
                out.append((name, e))
        return out

    # A query output column: `stack` holds the enclosing queries (innermost last).
    def query_column(self, q, stack, attno, busy):
        key = (id(q), attno)
        if key in busy:  # recursive CTE: a cycle adds nothing new to a union
            return set()
        busy = busy | {key}
        if q.get("setOperations") is not None:
            res = set()
            for rti in self._setop_leaves(q["setOperations"]):
                rte = _list(q["rtable"])[rti - 1]
                res |= self.query_column(rte["subquery"], stack + [q], attno, busy)
            return res
        for te in _list(q["targetList"]):
            if int(te["resno"]) == attno and te["resjunk"] != "true":
                return self.expr(te["expr"], stack + [q], busy)
        raise Skip(f"no output column {attno}")

    def _setop_leaves(self, node):
        if node["_type"] == "RANGETBLREF":
            return [int(node["rtindex"])]
        if node["_type"] == "SETOPERATIONSTMT":
            # UNION: every leaf supplies values. INTERSECT/EXCEPT: the right
            # side only chooses rows of the left (or equal values): not
            # resolved, the column is skipped.
            if int(node["op"]) != SETOP_UNION:
                raise Skip("INTERSECT/EXCEPT")
            return self._setop_leaves(node["larg"]) + self._setop_leaves(node["rarg"])
        raise Skip("set operation " + node["_type"])

    def expr(self, node, stack, busy):
        res = set()
        if node is None or isinstance(node, str):
            return res
        if isinstance(node, list):
            for n in node:
                res |= self.expr(n, stack, busy)
            return res
        t = node["_type"]
        if t == "VAR":
            return self.var(node, stack, busy)
        if t in ("CONST", "CASETESTEXPR", "SQLVALUEFUNCTION", "CURRENTOFEXPR", "NEXTVALUEEXPR", "SETTODEFAULT"):
            return res
        if t == "AGGREF":
            if node["aggfnoid"] in self.count_oids:
                return res  # documented: a count carries nothing
            ordered_set = node["aggfnoid"] in self.ordered_set_oids
            for te in _list(node.get("args")):
                if ordered_set or te["resjunk"] != "true":
                    res |= self.expr(te["expr"], stack, busy)
            return res | self.expr(node.get("aggdirectargs"), stack, busy)
        if t == "WINDOWFUNC":
            if node["winfnoid"] in self.count_oids:
                return res
            return self.expr(node.get("args"), stack, busy)
        if t == "SUBLINK":
            kind = int(node["subLinkType"])
            if kind == EXISTS_SUBLINK:
                return res  # documented: an existence test carries nothing
            if kind in (EXPR_SUBLINK, ARRAY_SUBLINK):
                sub = node["subselect"]
                cols = [te for te in _list(sub["targetList"]) if te["resjunk"] != "true"]
                if len(cols) != 1:
                    raise Skip("multi-column subquery")
                return self.query_column(sub, stack, int(cols[0]["resno"]), busy)
            raise Skip(f"sublink type {kind}")
        if t == "FIELDSELECT" and isinstance(node["arg"], dict) and node["arg"]["_type"] == "VAR" \
                and int(node["arg"]["varattno"]) == 0:
            # (rel).col: one field of a whole-row value is that column.
            return self.var(dict(node["arg"], varattno=node["fieldnum"]), stack, busy)
        if t in ("PARAM", "GROUPINGFUNC", "RANGETBLFUNCTION", "TABLEFUNC"):
            raise Skip(t.lower())
        for k, v in node.items():
            if k != "_type" and isinstance(v, (dict, list)):
                res |= self.expr(v, stack, busy)
        return res

    def var(self, node, stack, busy):
        level = len(stack) - 1 - int(node["varlevelsup"])
        q = stack[level]
        outer = stack[:level]
        rte = _list(q["rtable"])[int(node["varno"]) - 1]
        attno = int(node["varattno"])
        if attno < 0:
            raise Skip("system column")
        kind = int(rte["rtekind"])
        if kind == RTE_RELATION:
            return self.relation_column(rte["relid"], attno, busy)
        if kind == RTE_SUBQUERY:
            return self.all_or_one(rte["subquery"], outer + [q], attno, busy)
        if kind == RTE_JOIN:
            aliases = _list(rte["joinaliasvars"])
            if attno == 0:
                return self.expr(aliases, stack[:level + 1], busy)
            return self.expr(aliases[attno - 1], stack[:level + 1], busy)
        if kind == RTE_CTE:
            up = level - int(rte["ctelevelsup"])
            owner = stack[up]
            for cte in _list(owner.get("cteList")):
                if cte["ctename"] == rte["ctename"]:
                    return self.all_or_one(cte["ctequery"], stack[:up + 1], attno, busy)
            raise Skip("cte not found")
        if kind == RTE_FUNCTION:
            # A function in FROM (unnest, generate_series, ROWS FROM (...)):
            # its values are computed from its arguments, so a column of one
            # function carries every column in that function's expression
            # (the "transformed" rule). WITH ORDINALITY's counter is skipped.
            funcs = _list(rte["functions"])
            first = 1
            for f in funcs:
                ncols = int(f["funccolcount"])
                if attno == 0:
                    raise Skip("whole-row of a function in FROM")
                if first <= attno < first + ncols:
                    return self.expr(f["funcexpr"], stack[:level + 1], busy)
                first += ncols
            raise Skip("WITH ORDINALITY column")
        if kind == RTE_VALUES:
            res = set()
            for row in _list(rte["values_lists"]):
                row = _list(row)
                res |= self.expr(row if attno == 0 else row[attno - 1], stack[:level + 1], busy)
            return res
        raise Skip(f"range table entry kind {kind}")

    def all_or_one(self, q, stack, attno, busy):
        if attno != 0:
            return self.query_column(q, stack, attno, busy)
        res = set()
        for te in _list(q["targetList"]):
            if te["resjunk"] != "true":
                res |= self.query_column(q, stack, int(te["resno"]), busy)
        return res

    def relation_column(self, oid, attno, busy):
        if oid not in self.rels:
            raise Skip(f"relation {oid} not in catalog")
        schema, name, relkind = self.rels[oid]
        attnums = [attno] if attno else sorted(self.attrs[oid])
        res = set()
        for a in attnums:
            if relkind == "v":
                res |= self.query_column(self.view_query(oid), [], a, busy)
            else:
                res.add(f"{schema}.{name}.{self.attrs[oid][a]}")
        return res

    def whole_row_relations(self, oid):
        """Relations (oid, relkind) the view's own query uses as a whole row
        (`SELECT c FROM customers c`, `row_to_json(c)`): PostgreSQL records
        that as a dependency on the relation, not on its columns, so
        view_column_usage lists none of them. Views are not expanded."""
        found = set()

        def walk(node, stack):
            if isinstance(node, list):
                for n in node:
                    walk(n, stack)
                return
            if not isinstance(node, dict):
                return
            t = node["_type"]
            if t == "QUERY":
                stack = stack + [node]
            elif t == "VAR" and int(node["varattno"]) == 0:
                q = stack[len(stack) - 1 - int(node["varlevelsup"])]
                rte = _list(q["rtable"])[int(node["varno"]) - 1]
                if int(rte["rtekind"]) == RTE_RELATION:
                    found.add(rte["relid"])
            for k, v in node.items():
                if k != "_type":
                    walk(v, stack)

        walk(self.view_query(oid), [])
        return found
