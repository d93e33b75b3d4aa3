force );
