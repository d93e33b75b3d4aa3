SELECT xmlserialize(document 'bad' as text);
