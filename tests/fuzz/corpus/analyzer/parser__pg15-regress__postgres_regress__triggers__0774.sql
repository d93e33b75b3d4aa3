drop table child1, child2, child3, parent;
