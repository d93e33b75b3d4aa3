create publication pub for table chats, users;

create publication p for all tables
