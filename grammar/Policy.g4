// The govern policy language (docs/policy-language.md is the reference).
// C++ is generated from this file at build time by Debian's `antlr4` tool;
// generated code never leaves compiler/syntax/.
grammar Policy;

file
  : defaultDecl? (policyDecl | testDecl)* EOF
  ;

defaultDecl
  : DEFAULT (DENY | ALLOW)
  ;

policyDecl
  : POLICY name=ident description=STRING? LBRACE ruleDecl* RBRACE
  ;

ruleDecl
  : RULE name=ident description=STRING? LBRACE whenClause? effect* RBRACE
  ;

whenClause
  : WHEN expr
  ;

effect
  : DENY message=STRING                                   # denyEffect
  | WARN message=STRING                                   # warnEffect
  | REQUIRE APPROVAL FROM group=STRING message=STRING?    # approvalEffect
  | MASK selector WITH method=ident                       # maskEffect
  | ALLOW                                                 # allowEffect
  | AUDIT label=STRING                                    # auditEffect
  ;

selector
  : kind=(TAG | COLUMN | TABLE) pattern=STRING
  ;

// Precedence, loosest last: primary, comparison, in / not in, matches, not, and, or.
expr
  : primary                                               # primaryExpr
  | left=expr op=(EQ | NE | LT | LE | GT | GE) right=expr # compareExpr
  | left=expr NOT? IN right=expr                          # inExpr
  | left=expr MATCHES right=expr                          # matchesExpr
  | NOT expr                                              # notExpr
  | left=expr AND right=expr                              # andExpr
  | left=expr OR right=expr                               # orExpr
  ;

primary
  : LPAREN expr RPAREN                                    # parenPrimary
  | STRING                                                # stringPrimary
  | NUMBER                                                # numberPrimary
  | (TRUE | FALSE)                                        # boolPrimary
  | LBRACE (expr (COMMA expr)* COMMA?)? RBRACE            # setPrimary
  | name=ident LPAREN (arg (COMMA arg)*)? RPAREN          # callPrimary
  | ident (DOT ident)*                                    # pathPrimary
  ;

arg
  : selector
  | expr
  ;

// ---- test blocks ----

testDecl
  : TEST name=STRING LBRACE testItem* RBRACE
  ;

testItem
  : IDENTITY LBRACE (field (COMMA field)* COMMA?)? RBRACE # identityItem
  | SESSION LBRACE (field (COMMA field)* COMMA?)? RBRACE  # sessionItem
  | ENV STRING                                            # envItem
  | SQL STRING                                            # sqlItem
  | CATALOG STRING                                        # catalogItem
  | EXPECT verdict (BY ruleRef (COMMA ruleRef)*)?         # expectItem
  | EXPECT MASK column=STRING WITH method=ident           # expectMaskItem
  | EXPECT NO MASK column=STRING                          # expectNoMaskItem
  ;

field
  : key=ident (DOT ident)* COLON fieldValue
  ;

fieldValue
  : STRING
  | LBRACE (STRING (COMMA STRING)* COMMA?)? RBRACE
  ;

ruleRef
  : ident DOT ident
  ;

// allow, deny, require_approval, warn (checked by the compiler)
verdict
  : ALLOW | DENY | WARN | ID
  ;

// Soft keywords may be used as names (rule names, attribute parts, methods).
// Effect keywords (deny, warn, require, mask, allow, audit) and block
// keywords are not names, so a condition cut short reads as an error there.
ident
  : ID | TAG | COLUMN | TABLE | WITH | FROM | APPROVAL | IDENTITY | SESSION | ENV | SQL | CATALOG | BY | NO
  ;

// ---- lexer ----

DEFAULT  : 'default';
POLICY   : 'policy';
RULE     : 'rule';
WHEN     : 'when';
DENY     : 'deny';
WARN     : 'warn';
REQUIRE  : 'require';
APPROVAL : 'approval';
FROM     : 'from';
MASK     : 'mask';
WITH     : 'with';
ALLOW    : 'allow';
AUDIT    : 'audit';
TAG      : 'tag';
COLUMN   : 'column';
TABLE    : 'table';
AND      : 'and';
OR       : 'or';
NOT      : 'not';
IN       : 'in';
MATCHES  : 'matches';
TRUE     : 'true';
FALSE    : 'false';
TEST     : 'test';
IDENTITY : 'identity';
SESSION  : 'session';
ENV      : 'env';
SQL      : 'sql';
CATALOG  : 'catalog';
EXPECT   : 'expect';
BY       : 'by';
NO       : 'no';

EQ : '==';
NE : '!=';
LE : '<=';
GE : '>=';
LT : '<';
GT : '>';
LPAREN : '(';
RPAREN : ')';
LBRACE : '{';
RBRACE : '}';
COMMA  : ',';
DOT    : '.';
COLON  : ':';

NUMBER : [0-9]+;
ID     : [a-zA-Z_] [a-zA-Z_0-9]*;
// A string ends on its line; \" \\ \n \t \{ \} are escapes. `{expr}` inside a
// message interpolates (the compiler parses it).
STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"';
// A quote with no closing quote on its line: the parser reports "unterminated
// string" at the opening quote (a terminated string is longer, so wins).
UNTERMINATED_STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '\\'?;

COMMENT : '#' ~[\r\n]* -> skip;
WS      : [ \t\r\n]+ -> skip;
// Anything else becomes a token the parser rejects with a clear message.
ERROR_CHAR : .;
